using System.Globalization;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Guichet.Features.Contracts.Pages;

/// <summary>The published index values prices are revised with; admins and account managers add and remove them.</summary>
internal sealed class IndicesModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    [BindProperty] public string? Index { get; set; } = IndexNames.Syntec;

    [BindProperty] public string? Month { get; set; }

    [BindProperty] public string? Value { get; set; }

    [BindProperty] public string? Series { get; set; }

    public IReadOnlyList<dynamic> Values { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        decimal? value = null;
        var cleaned = new string([.. (Value ?? "").Where(c => !char.IsWhiteSpace(c) && c != '\u202F')]).Replace(',', '.');
        if (decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            value = v;
        }
        else if (cleaned.Length > 0)
        {
            ModelState.AddModelError(nameof(Value), "Indiquez un nombre (virgule décimale acceptée).");
            return await LoadAsync(ct);
        }

        var result = await ContractsApi.AddIndexValueAsync(new ContractsApi.IndexValueRequest(Index, Month?.Trim(), value, string.IsNullOrEmpty(Series) ? null : Series), Caller, db, clock, ct);
        if (!PageProblems.IsSuccess(result))
        {
            AddProblem(result);
            return await LoadAsync(ct);
        }

        TempData["Flash"] = $"Valeur de l'indice {IndexNames.Canonical(Index!.Trim())} pour {ContractText.Month(Month!.Trim())} ajoutée.";
        return Redirect("/contrats/indices");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? index, string? month, CancellationToken ct)
    {
        var result = await ContractsApi.RemoveIndexValueAsync(Caller, db, index, month, ct);
        if (!PageProblems.IsSuccess(result))
        {
            AddProblem(result);
            return await LoadAsync(ct);
        }

        TempData["Flash"] = $"Valeur de l'indice {index} pour {ContractText.Month(month)} supprimée.";
        return Redirect("/contrats/indices");
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var result = await ContractsApi.IndexValuesAsync(db, null, ct);
        Values = [.. ((IEnumerable<object>)ValueOf(result)!).Cast<dynamic>()];
        return Page();
    }
}
