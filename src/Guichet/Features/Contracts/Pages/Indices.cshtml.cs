using System.Globalization;

namespace Guichet.Features.Contracts.Pages;

/// <summary>The published index values prices are revised with; admins and account managers add and remove them.</summary>
internal sealed class IndicesModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    [BindProperty] public string? Index { get; set; } = IndexNames.Syntec;

    [BindProperty] public string? Month { get; set; }

    [BindProperty] public string? Value { get; set; }

    [BindProperty] public string? Series { get; set; }

    public IReadOnlyList<IndexValueView> Values { get; private set; } = [];

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

        if (!(await IndexValues.AddAsync(new IndexValueRequest(Index, Month?.Trim(), value, string.IsNullOrEmpty(Series) ? null : Series), Caller, db, clock, ct)).TryGet(out var added, out var failure))
        {
            AddFailure(failure);
            return await LoadAsync(ct);
        }

        return Done($"Valeur de l'indice {added.Index} pour {ContractText.Month(added.Month)} ajoutée.", "/contrats/indices");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? index, string? month, CancellationToken ct)
    {
        if ((await IndexValues.RemoveAsync(Caller, db, index, month, ct)).Failure is { } failure)
        {
            AddFailure(failure);
            return await LoadAsync(ct);
        }

        _ = ContractTermsInput.TryMonth(month, out var removed);
        return Done($"Valeur de l'indice {index} pour {ContractText.Month(removed)} supprimée.", "/contrats/indices");
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        Values = (await IndexValues.ListAsync(db, null, ct)).Value;
        return Page();
    }
}
