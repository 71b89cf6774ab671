using System.Threading.RateLimiting;
using Guichet.Features.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Attachments;

/// <summary>Where attachments live and how much of them one organisation or one user may send.</summary>
internal sealed class AttachmentOptions
{
    /// <summary>Directory outside the web root; files are named by the server.</summary>
    public string Directory { get; set; } = "";

    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most files joined to one message (one form post, one ticket creation).</summary>
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>Total size of one organisation's attachments, in bytes (0: no quota).</summary>
    public long OrganisationQuotaBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Files one user may send per minute (0: no limit).</summary>
    public int UploadsPerMinute { get; set; } = 30;

    private PartitionedRateLimiter<Guid>? _uploads;

    /// <summary>The per-user upload limiter of this configuration (one per application, made on first use).</summary>
    internal PartitionedRateLimiter<Guid> Uploads => LazyInitializer.EnsureInitialized(ref _uploads, () => PartitionedRateLimiter.Create<Guid, Guid>(user =>
        UploadsPerMinute <= 0
            ? RateLimitPartition.GetNoLimiter(user)
            : RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = UploadsPerMinute,
                TokensPerPeriod = UploadsPerMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
}

/// <summary>
/// Upload to a ticket (within the limits above, never to a closed ticket), download with a content type from a
/// short list of inert types, <c>Content-Disposition: attachment</c> and <c>nosniff</c>.
/// </summary>
internal static class AttachmentsApi
{
    public sealed record Uploaded(Guid Id, string FileName, long Size, string ContentType);

    /// <summary>An organisation's attachment storage: used and allowed bytes (allowed 0: no quota).</summary>
    public sealed record Storage(long UsedBytes, long QuotaBytes);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/tickets/{number:long}/attachments", UploadAsync).DisableAntiforgery();
        MapDownload(api.MapGet("/attachments/{id:guid}", DownloadAsync));
    }

    /// <summary>Describes the download's 200 in the OpenAPI document: the file's bytes (a file result declares no content itself).</summary>
    public static RouteHandlerBuilder MapDownload(RouteHandlerBuilder download) =>
        download.Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream");

    private static async Task<Results<Created<Uploaded>, ProblemHttpResult>> UploadAsync(long number, HttpRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, IOptions<AttachmentOptions> options, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Failure.NotFound("ticket").ToProblem();
        }

        if (!request.HasFormContentType)
        {
            return Failure.Invalid("file", "Envoyez le fichier en multipart/form-data (champ « file »).").ToProblem();
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ExceptionProblems.IsMalformedMultipart(ex))
        {
            return Problem(ExceptionProblems.BadMultipart);
        }
        catch (Exception ex) when (ex is InvalidDataException || ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return TooLarge(options.Value.MaxBytes).ToProblem();
        }

        if (CheckCount(form.Files.Count, options.Value) is { } tooMany)
        {
            return Failure.Invalid("file", tooMany).ToProblem();
        }

        var added = await AddAsync(loaded, form.Files.GetFile("file"), form["internal"] == "true", caller, handlers, db, options, ct);
        return added.ToCreated(uploaded => $"/api/v1/attachments/{uploaded.Id}");
    }

    private static ProblemHttpResult Problem(ExceptionProblems.Known known) =>
        TypedResults.Problem(statusCode: known.Status, title: known.Title, extensions: new Dictionary<string, object?> { ["code"] = known.Code });

    private static Failure TooLarge(long maxBytes) => Failure.TooLarge("file_too_large", $"Le fichier dépasse la taille maximale ({maxBytes / 1024 / 1024} Mo).");

    /// <summary>A French error when one message carries more files than allowed, else null.</summary>
    public static string? CheckCount(int files, AttachmentOptions options) =>
        files > options.MaxFilesPerMessage
            ? $"Un message peut porter au plus {options.MaxFilesPerMessage} pièces jointes ({files} envoyées) : regroupez les fichiers dans une archive zip ou envoyez-les en plusieurs messages."
            : null;

    /// <summary>What an organisation's attachments take, and its quota.</summary>
    public static async Task<Storage> StorageAsync(GuichetDbContext db, Guid organisationId, AttachmentOptions options, CancellationToken ct)
    {
        var tickets = db.Tickets.Where(t => t.OrganisationId == organisationId).Select(t => t.Id);
        var used = await db.Attachments.Where(a => tickets.Contains(a.TicketId)).SumAsync(a => (long?)a.Size, ct) ?? 0;
        return new Storage(used, options.OrganisationQuotaBytes);
    }

    /// <summary>Stores one file on a ticket the caller may see (API and pages).</summary>
    internal static async Task<Outcome<Uploaded>> AddAsync(TicketHandlers.Loaded loaded, IFormFile? file, bool asInternal, Caller caller, TicketHandlers handlers, GuichetDbContext db, IOptions<AttachmentOptions> options, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Failure.Invalid("file", "Aucun fichier reçu.");
        }

        var settings = options.Value;
        var max = settings.MaxBytes;
        if (file.Length > max)
        {
            return TooLarge(max);
        }

        if (loaded.Ticket.IsClosed)
        {
            return Failure.Conflict("ticket_closed", "Cette demande est close : on ne peut plus y joindre de fichier. Ouvrez une nouvelle demande si besoin.");
        }

        if (settings.OrganisationQuotaBytes > 0)
        {
            var storage = await StorageAsync(db, loaded.Ticket.OrganisationId, settings, ct);
            if (storage.UsedBytes + file.Length > storage.QuotaBytes)
            {
                return Failure.QuotaExceeded("attachment_quota_exceeded",
                    $"L'espace réservé aux pièces jointes de l'organisation est plein ({Web.Pages.Display.Megabytes(storage.UsedBytes)} utilisés sur {Web.Pages.Display.Megabytes(storage.QuotaBytes)}) : ce fichier n'a pas été joint. Prévenez votre interlocuteur habituel.");
            }
        }

        using (var lease = settings.Uploads.AttemptAcquire(caller.Id))
        {
            if (!lease.IsAcquired)
            {
                return Failure.TooMany("too_many_uploads", $"Vous avez envoyé plus de {settings.UploadsPerMinute} fichiers en une minute : attendez un instant avant d'en joindre d'autres.");
            }
        }

        var visibility = caller.IsStaff && asInternal ? Visibility.Internal : Visibility.Public;
        var fileName = SafeFileName(file.FileName);
        var attachment = new Attachment
        {
            TicketId = loaded.Ticket.Id,
            FileName = fileName,
            ContentType = ServedContentType(file.ContentType),
            Size = file.Length,
            StoredName = Guid.NewGuid().ToString("N"),
            AuthorId = caller.Id,
            Visibility = visibility,
            CreatedAt = handlers.Now,
        };

        // The file is written first and removed again if anything stops the database from recording it.
        System.IO.Directory.CreateDirectory(settings.Directory);
        var path = Path.Combine(settings.Directory, attachment.StoredName);
        Failure? failure;
        try
        {
            await using (var stream = File.Create(path))
            {
                await file.CopyToAsync(stream, ct);
            }

            db.Attachments.Add(attachment);
            var e = new TicketTraceEntry
            {
                At = handlers.Now,
                Kind = EventKind.AttachmentAdded,
                Value = caller.IsClient ? TicketClocks.ClientMark : TicketClocks.StaffMark,
                Text = fileName,
                AttachmentId = attachment.Id,
                AuthorId = caller.Id,
                Visibility = visibility,
            };
            failure = (await handlers.CommitAsync(loaded, null, [e], ct)).Failure;
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        if (failure is not null)
        {
            File.Delete(path);
            return failure;
        }

        return new Uploaded(attachment.Id, attachment.FileName, attachment.Size, attachment.ContentType);
    }

    internal static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, Caller caller, GuichetDbContext db, IOptions<AttachmentOptions> options, HttpContext http, CancellationToken ct)
    {
        var visibleTickets = caller.VisibleTickets(db).Select(t => t.Id);
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && visibleTickets.Contains(a.TicketId), ct);
        if (attachment is null || !caller.MaySee(attachment.Visibility))
        {
            return Failure.NotFound("pièce jointe").ToProblem();
        }

        var path = Path.Combine(options.Value.Directory, attachment.StoredName);
        if (!File.Exists(path))
        {
            return Failure.NotFound("pièce jointe").ToProblem();
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Checked again at download: files stored before the list existed keep the type their uploader chose.
        return TypedResults.PhysicalFile(path, ServedContentType(attachment.ContentType), attachment.FileName);
    }

    /// <summary>
    /// Types an attachment is served with, none of which a browser runs: images other than SVG, PDF, plain text,
    /// CSV, office documents, archives. Anything else (HTML, SVG, scripts, XML, unknown) is <c>application/octet-stream</c>.
    /// </summary>
    public static readonly IReadOnlySet<string> InertTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff", "image/avif", "image/heic",
        "application/pdf", "text/plain", "text/csv",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation",
        "application/zip", "application/x-zip-compressed", "application/gzip", "application/x-7z-compressed",
        "message/rfc822",
    };

    /// <summary>The media type (without parameters) if it is on <see cref="InertTypes"/>, else <c>application/octet-stream</c>.</summary>
    internal static string ServedContentType(string? contentType) =>
        contentType is { Length: > 0 and <= 127 }
        && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is { } media && InertTypes.Contains(media)
            ? media.ToLowerInvariant()
            : "application/octet-stream";

    /// <summary>Keeps the name the user gave, minus any path, control, format and bidirectional characters.</summary>
    internal static string SafeFileName(string name)
    {
        var baseName = Path.GetFileName(TextInput.StripInvisible(name).Replace('\\', '/'));
        var clean = baseName.Trim().Trim('.').Trim();
        return clean.Length == 0 ? "fichier" : clean[..Math.Min(clean.Length, 255)];
    }
}
