namespace Guichet.Features.Users;

/// <summary>
/// User management by the référent [LS 6.6]: requests to add, suspend, reactivate or delete an organisation's portal
/// users, decided by the provider's staff (an administrator, or the organisation's account manager). One use case per
/// file (<see cref="RequestUserAdd"/>, <see cref="RequestUserChange"/>, <see cref="DecideUserRequest"/>,
/// <see cref="AnonymiseUser"/>, <see cref="AcceptInvitation"/>); the rules are written down in docs/users.md.
/// </summary>
internal static class UsersFeature
{
    /// <summary>Portal users per product when the contract sets no quota [LS 6.6].</summary>
    public const int DefaultUsersPerProduct = 3;

    /// <summary>How long the référent sees a request in the history [LS 6.6.2].</summary>
    public static readonly Duration HistoryLength = Duration.FromDays(60);

    /// <summary>The page an invitation mail links to.</summary>
    public const string InvitationPath = "/invitation";

    public const string InvitationPurpose = "invitation";

    public const string DeletedName = "Utilisateur supprimé";

    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        // A token provider of its own: an invitation lives 7 days, a password reset code one hour.
        services.AddTransient<InvitationTokenProvider>();
        services.Configure<IdentityOptions>(o => o.Tokens.ProviderMap[InvitationTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(InvitationTokenProvider)));
        return services;
    }
}
