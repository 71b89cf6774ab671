using Microsoft.AspNetCore.DataProtection;

namespace Guichet.Features.Users;

/// <summary>Options of the invitation tokens: 7 days, under their own name.</summary>
internal sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromDays(7);
    }
}

/// <summary>Identity's data-protection tokens (bound to the security stamp) with the invitation's lifespan.</summary>
internal sealed class InvitationTokenProvider(IDataProtectionProvider protection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<User>> logger)
    : DataProtectorTokenProvider<User>(protection, options, logger)
{
    public const string ProviderName = "Invitation";
}
