import Fluent

/// The database properties of the models on the audited child read, listed by hand so that decoding a row
/// does not reflect over the model (`Mirror`, some 10 % of that read's CPU). `ModelRowsFieldsTests`
/// checks every list against Fluent's own, so a field added to a model and not here fails a test.
protocol ListedDatabaseFields: Model {
    var listedDatabaseProperties: [any AnyDatabaseProperty] { get }
}

extension ChildModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [
            $id, $givenName, $familyName, $dateOfBirth, $expectedDelivery, $gender, $whereabouts, $addressLine,
            $postcode, $nhsNumber, $upn, $schoolName, $schoolStartedOn, $gpPractice, $tier, $authority, $mergedIntoID,
            $sourceKey, $createdBy, $createdAt, $updatedBy, $updatedAt,
            // No columns of their own: decoding them gives the relations their parent's id, as Fluent does.
            $otherNames, $carers, $involvements, $addresses,
        ]
    }
}

extension ChildNameModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] { [$id, $child, $kind, $givenName, $familyName] }
}

extension ChildAddressModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [$id, $child, $addressLine, $postcode, $recordedOn, $recordedBy]
    }
}

extension CarerModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [$id, $child, $name, $relationship, $parentalResponsibility, $contact]
    }
}

extension InvolvementModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [
            $id, $child, $organisation, $practitioner, $role, $contactPhone, $contactEmail, $startedOn, $endedOn,
            $status, $leadProfessional, $holdsAssessment, $sensitiveBasis, $sensitiveBasisNote, $createdBy, $createdAt,
        ]
    }
}

extension AuthorityModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [$id, $onsCode, $name, $officeHoursPhone, $emergencyDutyPhone, $createdAt]
    }
}

extension OrganisationModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [$id, $code, $name, $kind, $authority, $sensitive, $createdAt]
    }
}

extension PractitionerModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [
            $id, $email, $name, $jobTitle, $organisation, $roles, $phone, $dbsCheckedOn, $trainedOn, $agreementSignedOn,
            $status, $passwordHash, $totpSecret, $lastTOTPStep, $failedAttempts, $lockedUntil, $createdAt, $updatedAt,
        ]
    }
}

extension ConsentModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [
            $id, $child, $givenBy, $giverName, $competenceJudgement, $purposes, $organisations, $method, $givenOn,
            $expiresOn, $recordedBy, $recordedAt, $withdrawnAt, $withdrawnBy, $withdrawalNote,
        ]
    }
}

extension SharingDecisionModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [$id, $child, $purpose, $basis, $reason, $decidedBy, $decidedAt, $supersededAt]
    }
}

extension ShieldModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [$id, $child, $grounds, $reviewOn, $setBy, $setAt, $inheritedFrom, $liftedAt, $liftedBy, $liftReason]
    }
}

extension TeamMembershipModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [$id, $childID, $practitionerID, $basis, $admittedBy, $admittedAt, $endedAt]
    }
}

extension ChildMatchKeyModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] { [$id, $childID, $key] }
}

extension ChildAccessModel: ListedDatabaseFields {
    var listedDatabaseProperties: [any AnyDatabaseProperty] {
        [
            $id, $childID, $practitionerID, $practitionerName, $organisationName, $sensitiveService, $organisationCode,
            $route, $what, $reason, $outOfArea, $shielded, $accessedAt,
        ]
    }
}
