using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Tickets;
using Guichet.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guichet.Features.Attachments;

/// <summary>Where attachments live and how large they may be.</summary>
internal sealed class AttachmentOptions
{
    /// <summary>Directory outside the web root; files are named by the server.</summary>
    public string Directory { get; set; } = "";

    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>Upload to a ticket, download with <c>Content-Disposition: attachment</c> and <c>nosniff</c>.</summary>
internal static class AttachmentsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/tickets/{number:long}/attachments", UploadAsync).DisableAntiforgery();
        api.MapGet("/attachments/{id:guid}", DownloadAsync);
    }

    private static async Task<IResult> UploadAsync(long number, HttpRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, IOptions<AttachmentOptions> options, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!request.HasFormContentType)
        {
            return Problems.Validation("file", "Envoyez le fichier en multipart/form-data (champ « file »).");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "file_too_large", $"Le fichier dépasse la taille maximale ({options.Value.MaxBytes / 1024 / 1024} Mo).");
        }

        return await AddAsync(loaded, form.Files.GetFile("file"), form["internal"] == "true", caller, handlers, db, options, ct);
    }

    /// <summary>Stores one file on a ticket the caller may see (API and pages).</summary>
    internal static async Task<IResult> AddAsync(TicketHandlers.Loaded loaded, IFormFile? file, bool asInternal, Caller caller, TicketHandlers handlers, GuichetDbContext db, IOptions<AttachmentOptions> options, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Problems.Validation("file", "Aucun fichier reçu.");
        }

        var max = options.Value.MaxBytes;
        if (file.Length > max)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "file_too_large", $"Le fichier dépasse la taille maximale ({max / 1024 / 1024} Mo).");
        }

        var visibility = caller.IsStaff && asInternal ? Visibility.Internal : Visibility.Public;
        var fileName = SafeFileName(file.FileName);
        var attachment = new Attachment
        {
            TicketId = loaded.Ticket.Id,
            FileName = fileName,
            ContentType = SafeContentType(file.ContentType),
            Size = file.Length,
            StoredName = Guid.NewGuid().ToString("N"),
            AuthorId = caller.Id,
            Visibility = visibility,
            CreatedAt = handlers.Now,
        };

        // The file is written first and removed again if anything stops the database from recording it.
        System.IO.Directory.CreateDirectory(options.Value.Directory);
        var path = Path.Combine(options.Value.Directory, attachment.StoredName);
        IResult? problem;
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
            problem = (await handlers.CommitAsync(loaded, null, [e], ct)).Failure?.ToProblem();
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        if (problem is not null)
        {
            File.Delete(path);
            return problem;
        }

        return Results.Created($"/api/v1/attachments/{attachment.Id}", new { attachment.Id, attachment.FileName, attachment.Size, attachment.ContentType });
    }

    internal static async Task<IResult> DownloadAsync(Guid id, Caller caller, GuichetDbContext db, IOptions<AttachmentOptions> options, HttpContext http, CancellationToken ct)
    {
        var visibleTickets = caller.VisibleTickets(db).Select(t => t.Id);
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && visibleTickets.Contains(a.TicketId), ct);
        if (attachment is null || !caller.MaySee(attachment.Visibility))
        {
            return Problems.NotFound("pièce jointe");
        }

        var path = Path.Combine(options.Value.Directory, attachment.StoredName);
        if (!File.Exists(path))
        {
            return Problems.NotFound("pièce jointe");
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(path, attachment.ContentType, attachment.FileName);
    }

    /// <summary>A media type Kestrel can send back: parsed, ASCII, bounded; otherwise a neutral one.</summary>
    internal static string SafeContentType(string? contentType) =>
        contentType is { Length: > 0 and <= 127 }
        && contentType.All(c => c is >= ' ' and <= '~')
        && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? parsed.ToString()
            : "application/octet-stream";

    /// <summary>Keeps the name the user gave, minus any path and control characters.</summary>
    internal static string SafeFileName(string name)
    {
        var baseName = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string([.. baseName.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 ? "fichier" : clean[..Math.Min(clean.Length, 255)];
    }
}
