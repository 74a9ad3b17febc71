import Foundation

/// Password hashing, handed to the services by the composition root (bcrypt, from the web framework),
/// so no service depends on the framework for it.
public struct PasswordHasher: Sendable {
    public var hash: @Sendable (_ password: String, _ cost: Int) throws -> String
    public var verify: @Sendable (_ password: String, _ hash: String) throws -> Bool

    public init(
        hash: @escaping @Sendable (_ password: String, _ cost: Int) throws -> String,
        verify: @escaping @Sendable (_ password: String, _ hash: String) throws -> Bool
    ) {
        self.hash = hash
        self.verify = verify
    }
}
