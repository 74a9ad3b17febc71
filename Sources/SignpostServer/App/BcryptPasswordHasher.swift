import Vapor

extension PasswordHasher {
    /// bcrypt as Vapor provides it: the only hasher the server uses.
    public static let bcrypt = PasswordHasher(
        hash: { password, cost in try Bcrypt.hash(password, cost: cost) },
        verify: { password, hash in try Bcrypt.verify(password, created: hash) })
}
