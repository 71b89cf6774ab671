namespace Guichet.Features.Contracts.Pages;

/// <summary>A contract for staff: the API's detail, and for admins and account managers the time-bank purchase form.</summary>
internal sealed class DetailModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? PurchaseOn { get; set; }

    [BindProperty]
    public string? PurchaseMinutes { get; set; }

    [BindProperty]
    public string? PurchaseNote { get; set; }

    public ContractDetail Detail { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostPurchaseAsync(CancellationToken ct)
    {
        var caller = Caller;
        int? minutes = null;
        if (int.TryParse(PurchaseMinutes?.Trim(), out var m))
        {
            minutes = m;
        }
        else if (!string.IsNullOrWhiteSpace(PurchaseMinutes))
        {
            ModelState.AddModelError(nameof(PurchaseMinutes), "Indiquez un nombre entier de minutes (600 pour 10 heures).");
        }

        if (ModelState.IsValid)
        {
            var on = string.IsNullOrWhiteSpace(PurchaseOn) ? null : PurchaseOn.Trim();
            var outcome = await RecordTimePurchase.RunAsync(Id, new PurchaseRequest(on, minutes, PurchaseNote), caller, db, clock, ct);
            if (outcome.Failure is { Kind: FailureKind.NotFound })
            {
                return NotFound();
            }

            if (outcome.IsOk)
            {
                return Done($"Achat de {Domain.Contracts.TimeBank.FormatDuration(minutes!.Value)} enregistré au carnet de temps.", $"/contrats/{Id}#carnet-{Id}");
            }

            AddFailure(outcome.Failure!, new Dictionary<string, string> { ["on"] = nameof(PurchaseOn), ["minutes"] = nameof(PurchaseMinutes), ["note"] = nameof(PurchaseNote) });
        }

        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var caller = Caller;
        if (!(await ContractReads.GetAsync(Id, caller, db, clock, ct)).TryGet(out var detail, out _))
        {
            return NotFound();
        }

        Detail = detail;
        return Page();
    }
}
