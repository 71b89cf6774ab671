using System.Text.Encodings.Web;
using System.Text.Unicode;
using Guichet.Features.Attachments;
using Guichet.Features.Backups;
using Guichet.Features.Calls;
using Guichet.Features.Contracts;
using Guichet.Features.Crisis;
using Guichet.Features.Directory;
using Guichet.Features.Mail;
using Guichet.Features.Mail.Inbound;
using Guichet.Features.Notifications;
using Guichet.Features.Operations;
using Guichet.Features.Releases;
using Guichet.Features.Reports;
using Guichet.Features.Tickets;
using Guichet.Features.Users;
using Guichet.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Guichet.Web;

/// <summary>The web application: pages (client portal, agent desk), JSON API under <c>/api/v1</c>, OpenAPI at <c>/openapi/v1.json</c>.</summary>
internal static class GuichetWeb
{
    public const string DataDirectoryKey = "Guichet:DataDirectory";

    public static WebApplication Build(string[] args)
    {
        // Static files are read next to the binary, wherever guichet is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

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
        // Pages sign in with a cookie; the API only accepts bearer tokens (a cookie never authorises an API call,
        // so the API needs no antiforgery token).
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "guichet";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/connexion";
                o.LogoutPath = "/deconnexion";
                o.AccessDeniedPath = "/";
                o.ReturnUrlParameter = "retour";
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                // Redirects stay on the site the browser is on: never built from the request's Host header.
                o.Events.OnRedirectToLogin = c => RedirectRelative(c.Response, c.RedirectUri);
                o.Events.OnRedirectToAccessDenied = c => RedirectRelative(c.Response, c.RedirectUri);
                o.Events.OnRedirectToLogout = c => RedirectRelative(c.Response, c.RedirectUri);
                o.Events.OnRedirectToReturnUrl = c => RedirectRelative(c.Response, c.RedirectUri);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokens.Handler>(ApiTokens.SchemeName, null);
        services.AddAuthorization(o => o.AddPolicy(ApiTokens.SchemeName, p => p.AddAuthenticationSchemes(ApiTokens.SchemeName).RequireAuthenticatedUser()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "guichet-af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddMemoryCache();
        services.AddSingleton<SessionCache>();
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.Add(new PageGates());
                o.Conventions.ConfigureFilter(new PageGate());
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());

                // A non-nullable property a page binds is not implicitly required: a page opened without a query string
                // takes its defaults (a missing value gave "The Sort field is required." in English) [issue 15].
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                o.ModelMetadataDetailsProviders.Add(new Pages.NonNullableText());

                // A value the form cannot read (letters in a number, a malformed id) is reported in French.
                var messages = o.ModelBindingMessageProvider;
                messages.SetAttemptedValueIsInvalidAccessor((value, _) => $"La valeur « {value} » n'est pas valide.");
                messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"La valeur « {value} » n'est pas valide.");
                messages.SetValueIsInvalidAccessor(value => $"La valeur « {value} » n'est pas valide.");
                messages.SetUnknownValueIsInvalidAccessor(_ => "La valeur saisie n'est pas valide.");
                messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "La valeur saisie n'est pas valide.");
                messages.SetValueMustBeANumberAccessor(_ => "Indiquez un nombre.");
                messages.SetNonPropertyValueMustBeANumberAccessor(() => "Indiquez un nombre.");
                messages.SetValueMustNotBeNullAccessor(_ => "Ce champ est requis.");
                messages.SetMissingBindRequiredValueAccessor(_ => "Ce champ est requis.");
                messages.SetMissingKeyOrValueAccessor(() => "Ce champ est requis.");
                messages.SetMissingRequestBodyRequiredValueAccessor(() => "Le formulaire est vide.");
            });
        // French text is written as it is (pages are UTF-8): the default encoder wrote every letter outside ASCII as
        // "&#xE9;", six bytes and a new string for each accented value. The ranges French writing uses are allowed
        // (letters with accents and ligatures, « » ’ … — and €); anything else, and markup characters (< > & " '),
        // is still encoded. URLs keep the default encoder (percent-encoded). See docs/decisions.md.
        services.Replace(ServiceDescriptor.Singleton(HtmlEncoder.Create(
            UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.LatinExtendedA, UnicodeRanges.GeneralPunctuation, UnicodeRanges.CurrencySymbols)));
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
                429 => RateLimits.TooManyCode,
                415 => "unsupported_media_type",
                _ => "internal_error",
            });
        });

        // Bad input is a 400 with a ProblemDetails body in every environment (Development would throw instead).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddOpenApi();
        services.AddNodaTimeJson();

        var attachments = new AttachmentOptions { Directory = Path.Combine(dataDirectory, "attachments") };
        builder.Configuration.GetSection("Guichet:Attachments").Bind(attachments);
        services.Configure<AttachmentOptions>(o =>
        {
            o.Directory = attachments.Directory;
            o.MaxBytes = attachments.MaxBytes;
            o.MaxFilesPerMessage = attachments.MaxFilesPerMessage;
            o.OrganisationQuotaBytes = attachments.OrganisationQuotaBytes;
            o.UploadsPerMinute = attachments.UploadsPerMinute;
        });
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = attachments.MaxBytes + (1024 * 1024));

        services.AddExceptionHandler<ExceptionProblems>();
        services.AddGuichetRateLimits(builder.Configuration);
        services.AddGuichetProxy(builder.Configuration);

        services.AddSingleton<Features.Shared.ProviderIdentity>();
        services.AddScoped<TicketHandlers>();
        services.AddScoped<RaiseOnBehalf>();
        services.AddGuichetMail(builder.Configuration);
        services.AddUsers();
        services.AddContracts(builder.Configuration);
        services.AddCalls(builder.Configuration);
        services.AddBackups(builder.Configuration);
        Features.Probes.ProbesFeature.AddProbes(services, builder.Configuration);
        Features.ProductionReports.ProductionReportsFeature.AddProductionReports(services, builder.Configuration);
        services.AddCrisis(builder.Configuration);
        services.AddGuichetNotifications(builder.Configuration, dataDirectory);
        services.AddGuichetInbound(builder.Configuration);
        services.AddSingleton<TicketCreationQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketCreationQueue>());
        services.AddScoped<Features.Demo.DemoData>();
        services.AddScoped<AutomaticTransitions>();
        services.AddOperations(builder.Configuration, new Features.Operations.Installation(dataDirectory, attachments.Directory, Path.Combine(dataDirectory, "keys"), Database.UsesPostgres(builder.Configuration) ? builder.Configuration.GetConnectionString("Guichet") : null));
        services.AddJob<AutomaticTransitionsService>(builder.Configuration);

        var app = builder.Build();
        app.UseForwardedHeaders();
        // The API answers with ProblemDetails (ExceptionProblems); a page gets the French error page, with the status
        // the exception maps to.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/erreur/500", StatusCodeSelector = ExceptionProblems.StatusOf });
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/static"), pages => pages.UseStatusCodePagesWithReExecute("/erreur/{0}"));
        app.UseSecurityHeaders();

        // Routing after the status-code pages, so that a re-executed error page is routed again.
        app.UseRouting();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "static")),
            RequestPath = "/static",
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        // A telephony account's token reaches its one route and nothing else.
        app.Use(MachineAccountFence.InvokeAsync);
        app.MapRazorPages();

        app.MapOpenApi("/openapi/{documentName}.json");
        Features.Shared.ProviderIdentity.Map(app);
        // Attachments for page sessions (the API's download, with the page cookie).
        AttachmentsApi.MapDownload(app.MapGroup("/pieces-jointes").RequireAuthorization().RequirePasswordUpToDate().MapGet("/{id:guid}", AttachmentsApi.DownloadAsync));

        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiTokens.SchemeName).RequirePasswordUpToDate();
        AccountEndpoints.Map(api);
        TicketEndpoints.Map(api);
        api.MapTicketFollowers();
        AttachmentsApi.Map(api);
        DirectoryApi.Map(api);
        api.MapContracts();
        api.MapReports();
        api.MapReleases();
        Features.Remote.RemoteAssistance.MapRemote(api);
        api.MapCalls();
        api.MapBackups();
        Features.Availability.AvailabilityFeature.MapAvailability(api);
        Features.Probes.ProbesFeature.MapProbes(api);
        Features.ProductionReports.ProductionReportsFeature.MapProductionReports(api);
        api.MapCrisis();
        return app;
    }

    /// <summary>The path and query of a redirect the authentication handler built (absolute from the request's host).</summary>
    private static Task RedirectRelative(HttpResponse response, string redirectUri)
    {
        response.Redirect(Uri.TryCreate(redirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery + absolute.Fragment : redirectUri);
        return Task.CompletedTask;
    }
}
