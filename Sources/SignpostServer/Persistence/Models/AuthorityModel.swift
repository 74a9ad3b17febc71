import Fluent
import Foundation

/// A local authority (council), identified by its ONS code, with the numbers every signpost shows.
final class AuthorityModel: Model, @unchecked Sendable {
    static let schema = "authorities"

    @ID(key: .id) var id: UUID?
    @Field(key: "ons_code") var onsCode: String
    @Field(key: "name") var name: String
    @Field(key: "office_hours_phone") var officeHoursPhone: String
    @Field(key: "emergency_duty_phone") var emergencyDutyPhone: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, onsCode: String, name: String, officeHoursPhone: String, emergencyDutyPhone: String) {
        self.id = id
        self.onsCode = onsCode
        self.name = name
        self.officeHoursPhone = officeHoursPhone
        self.emergencyDutyPhone = emergencyDutyPhone
    }
}
