import Vapor

/// Every route, grouped by how it is protected.
func routes(_ app: Application) throws {
    let tls = app.signpost.settings.tls

    // Pages: session cookie, CSRF on every state-changing form.
    let web = app.grouped(SessionAuthenticator(), CSRFMiddleware(tls: tls), DateInputMiddleware())
    let signedIn = web.grouped(RequireSignedIn())
    SignInController().addRoutes(to: web, signedIn: signedIn)
    EnrolmentController().addRoutes(to: web)
    HomeController().addRoutes(public: web, signedIn: signedIn)
    AdminAccountsController().addRoutes(to: signedIn)
    AuditLogController().addRoutes(to: signedIn)
    NewChildController().addRoutes(to: signedIn)
    ChildrenController().addRoutes(to: signedIn)
    NationalLookupController().addRoutes(to: signedIn, app: app)
    ChildGovernanceController().addRoutes(to: signedIn)
    InformationGovernanceController().addRoutes(to: signedIn)
    EpisodePagesController().addRoutes(to: signedIn)
    AssessmentPagesController().addRoutes(to: signedIn)
    EpisodeClosureController().addRoutes(to: signedIn)
    TeamPagesController().addRoutes(to: signedIn)
    ChronologyController().addRoutes(to: signedIn)
    SharedRecordPagesController().addRoutes(to: signedIn)
    PicturePagesController().addRoutes(to: signedIn)
    TeamInvitationsController().addRoutes(to: signedIn)

    // JSON API: bearer tokens only.
    let api = app.grouped("api", "v1")
    let authenticatedAPI = api.grouped(BearerAuthenticator())
    AuthTokenController().addRoutes(public: api, authenticated: authenticatedAPI)
    ChildrenAPIController().addRoutes(to: authenticatedAPI)
    AccessControlAPIController().addRoutes(to: authenticatedAPI)
    EpisodesAPIController().addRoutes(to: authenticatedAPI)
    TeamAPIController().addRoutes(to: authenticatedAPI)
    SharedRecordAPIController().addRoutes(to: authenticatedAPI)
    PictureAPIController().addRoutes(to: authenticatedAPI)
    FederationAPIController().addRoutes(api: authenticatedAPI, app: app)

    AuditTreeAPIController().addRoutes(to: api)
    OperationsController().addRoutes(to: app, api: api)
}
