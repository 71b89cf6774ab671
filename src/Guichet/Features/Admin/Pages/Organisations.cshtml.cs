using Guichet.Data;
using Guichet.Domain.Calendars;
using Guichet.Domain.Organisations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Admin.Pages;

/// <summary>Client organisations: the list and the creation form.</summary>
internal sealed class OrganisationsModel(GuichetDbContext db) : AdminPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Siret { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Territory { get; set; }

    [BindProperty]
    public string? DpoName { get; set; }

    [BindProperty]
    public string? DpoEmail { get; set; }

    public sealed record Row(string Name, string Siret, string Territory, int Users);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = ReadText(nameof(Name), Name, 200, required: true, "Le nom");
        string? siret = null;
        if (ReadText(nameof(Siret), Siret, 40, required: true, "Le SIRET") is { } siretText)
        {
            if (Domain.Organisations.Siret.TryParse(siretText, out var parsed, out var error))
            {
                siret = parsed.Value;
            }
            else
            {
                ModelState.AddModelError(nameof(Siret), error!);
            }
        }

        var address = ReadText(nameof(Address), Address, 400, required: true, "L'adresse");
        if (!Domain.Calendars.Territory.TryGet(Territory, out var territory))
        {
            ModelState.AddModelError(nameof(Territory), "Choisissez un territoire dans la liste.");
        }

        var dpoName = ReadText(nameof(DpoName), DpoName, 200, required: true, "Le nom du délégué à la protection des données");
        var dpoEmail = ReadText(nameof(DpoEmail), DpoEmail, 256, required: true, "L'adresse e-mail du délégué");
        if (dpoEmail is not null && !Emails.IsValid(dpoEmail))
        {
            ModelState.AddModelError(nameof(DpoEmail), "L'adresse e-mail du délégué n'est pas valide (exemple : dpo@commune.fr).");
        }

        if (siret is not null && await db.Organisations.AnyAsync(o => o.Siret == siret, ct))
        {
            ModelState.AddModelError(nameof(Siret), "Une organisation porte déjà ce SIRET.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        db.Organisations.Add(new Organisation
        {
            Name = name!,
            Siret = siret!,
            Address = address!,
            Territory = territory.Id,
            DpoName = dpoName!,
            DpoEmail = dpoEmail!,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another administrator created the same SIRET meanwhile (unique index).
            ModelState.AddModelError(nameof(Siret), "Une organisation porte déjà ce SIRET.");
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            return Page();
        }

        return Done($"L'organisation « {name} » est créée.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Territory ??= Domain.Calendars.Territory.Metropole.Id;
        var rows = await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new { o.Name, o.Siret, o.Territory, Users = db.Users.Count(u => u.OrganisationId == o.Id) })
            .ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Name, r.Siret, TerritoryName(r.Territory), r.Users))];
    }

    public static string TerritoryName(string id) => Domain.Calendars.Territory.TryGet(id, out var t) ? t.Name : id;

    public static IReadOnlyList<Territory> Territories => Domain.Calendars.Territory.All;
}
