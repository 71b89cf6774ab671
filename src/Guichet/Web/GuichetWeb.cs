using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Attachments;
using Guichet.Features.Directory;
using Guichet.Features.Mail;
using Guichet.Features.Tickets;
using Guichet.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace Guichet.Web;

/// <summary>The web application: JSON API under <c>/api/v1</c>, OpenAPI at <c>/openapi/v1.json</c>.</summary>
internal static class GuichetWeb
{
    public const string DataDirectoryKey = "Guichet:DataDirectory";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // appsettings.json is read from the current directory; these defaults hold wherever guichet is started
        // (logging every SQL command costs a fifth of the server's time under load).
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var dataDirectory = Path.GetFullPath(builder.Configuration[DataDirectoryKey] ?? "data");
        var services = builder.Services;

        services.AddSingleton<IClock>(NodaTime.SystemClock.Instance);
        services.AddGuichetDatabase(builder.Configuration, dataDirectory);
        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = PasswordStrength.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<GuichetDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordStrength>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(1));
        services.AddDataProtection()
            .SetApplicationName("guichet")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        services.AddAuthentication(ApiTokens.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokens.Handler>(ApiTokens.SchemeName, null);
        services.AddAuthorization();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Problems the framework writes itself (binding errors, 404 of unknown routes…) get a stable code too.
            context.ProblemDetails.Extensions.TryAdd("code", context.ProblemDetails.Status switch
            {
                400 => "bad_request",
                401 => "unauthorized",
                403 => "forbidden",
                404 => "not_found",
                405 => "method_not_allowed",
                413 => "payload_too_large",
                415 => "unsupported_media_type",
                _ => "internal_error",
            });
        });

        // Bad input is a 400 with a ProblemDetails body in every environment (Development would throw instead).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddOpenApi();

        var attachments = new AttachmentOptions { Directory = Path.Combine(dataDirectory, "attachments") };
        builder.Configuration.GetSection("Guichet:Attachments").Bind(attachments);
        services.Configure<AttachmentOptions>(o =>
        {
            o.Directory = attachments.Directory;
            o.MaxBytes = attachments.MaxBytes;
        });
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = attachments.MaxBytes + (1024 * 1024));

        services.AddScoped<TicketHandlers>();
        services.AddGuichetMail(builder.Configuration);
        services.AddSingleton<TicketCreationQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketCreationQueue>());
        services.AddScoped<Features.Demo.DemoData>();
        services.AddScoped<AutomaticTransitions>();
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<AutomaticTransitionsService>();
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/", () => Results.Text(
            "Guichet — API JSON sous /api/v1 (jeton : Authorization: Bearer …), description OpenAPI sous /openapi/v1.json.\n",
            "text/plain; charset=utf-8"));

        var api = app.MapGroup("/api/v1").RequireAuthorization().RequirePasswordUpToDate();
        AccountsApi.Map(api);
        TicketsApi.Map(api);
        AttachmentsApi.Map(api);
        DirectoryApi.Map(api);
        return app;
    }
}
