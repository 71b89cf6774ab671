using System.Globalization;
using System.Threading.RateLimiting;

namespace Guichet.Web;

/// <summary>Limits on the anonymous doors (settings <c>Guichet:RateLimits:*</c>); 0 turns one off.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Guichet:RateLimits";

    /// <summary>Sign-in attempts (API and page) per client address per minute.</summary>
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>Password-reset requests (API and page) per client address per hour.</summary>
    public int ResetPerHour { get; set; } = 20;

    /// <summary>Password-reset requests per e-mail address per hour, whether or not it has an account.</summary>
    public int ResetPerAddressPerHour { get; set; } = 3;
}

/// <summary>
/// ASP.NET Core rate limiting on sign-in and password reset: by client address (after the forwarded headers of a
/// configured proxy), and for reset mails by the address typed as well. The API answers 429 with a ProblemDetails
/// and <c>Retry-After</c>; a page gets the French error page for 429.
/// </summary>
internal static class RateLimits
{
    public const string SignIn = "sign-in";

    public const string PasswordReset = "password-reset";

    public const string TooManyCode = "too_many_requests";

    public const string TooManyTitle = "Trop de tentatives en peu de temps : patientez quelques minutes avant de réessayer.";

    public static IServiceCollection AddGuichetRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = new RateLimitOptions();
        configuration.GetSection(RateLimitOptions.Section).Bind(limits);
        services.AddSingleton(limits);
        services.AddSingleton<ResetMailLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, http => ByClient(http, "sign-in", limits.SignInPerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(PasswordReset, http => ByClient(http, "reset", limits.ResetPerHour, TimeSpan.FromHours(1)));
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    http.Response.Headers.RetryAfter = RetryAfterSeconds(retry);
                }

                // Pages: the status code pages show the French page for 429.
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await Problems.Problem(StatusCodes.Status429TooManyRequests, TooManyCode, TooManyTitle).ExecuteAsync(http);
                }
            };
        });
        return services;
    }

    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    // Only posts count: showing the form costs nothing.
    private static RateLimitPartition<string> ByClient(HttpContext http, string door, int permits, TimeSpan window) =>
        permits <= 0 || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter($"{door}:{http.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
}

/// <summary>Reset mails per address typed (lower case), so that nobody floods one mailbox from many addresses.</summary>
internal sealed class ResetMailLimiter(RateLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        options.ResetPerAddressPerHour <= 0
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.ResetPerAddressPerHour,
                Window = TimeSpan.FromHours(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>Null when a mail may be sent to this address now, else how long to wait.</summary>
    public TimeSpan? Wait(string address)
    {
        using var lease = _limiter.AttemptAcquire(address.Trim().ToLowerInvariant());
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromHours(1);
    }

    public void Dispose() => _limiter.Dispose();
}
