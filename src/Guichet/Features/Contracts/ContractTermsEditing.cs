using Guichet.Domain.Contracts;
using Guichet.Features.Tickets;

namespace Guichet.Features.Contracts;

/// <summary>Who may change a contract's commercial side: administrators and account managers.</summary>
internal static class ContractAccess
{
    /// <summary>Admins and account managers edit commercial terms and enter index values.</summary>
    public static bool MayEditTerms(Caller caller) => caller.IsStaff && (caller.User.Roles & (StaffRoles.Admin | StaffRoles.AccountManager)) != 0;

    public static Failure RoleRequired(Caller caller) => Failure.Forbidden(
        caller.IsStaff ? "role_required" : "staff_only", "Les conditions commerciales sont saisies par un administrateur ou un chargé d'affaires.");
}

/// <summary>Sets a contract's commercial terms (all of them, or with <c>partial</c> those given).</summary>
internal static class EditContractTerms
{
    public static async Task<Outcome<ContractDetail>> RunAsync(Guid id, TermsRequest request, bool partial, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var contract = await caller.VisibleContracts(db).Include(c => c.Lines).Include(c => c.Quotas).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (contract is null)
        {
            return Failure.NotFound("contrat");
        }

        if (!ContractAccess.MayEditTerms(caller))
        {
            return ContractAccess.RoleRequired(caller);
        }

        var errors = ContractTermsInput.Apply(contract, request, partial, db);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return await ContractReads.GetAsync(id, caller, db, clock, ct);
    }
}

/// <summary>A time-bank purchase: a date (default: today in the organisation's zone), minutes and a note.</summary>
internal sealed record PurchaseRequest(string? On, int? Minutes, string? Note);

/// <summary>Records a purchase of time on a contract's time bank.</summary>
internal static class RecordTimePurchase
{
    public static async Task<Outcome<PurchaseCreated>> RunAsync(Guid id, PurchaseRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var contract = await caller.VisibleContracts(db).AsNoTracking()
            .Select(c => new { c.Id, Territory = db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => o.Territory).First() })
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (contract is null)
        {
            return Failure.NotFound("contrat");
        }

        if (!ContractAccess.MayEditTerms(caller))
        {
            return ContractAccess.RoleRequired(caller);
        }

        var errors = new Dictionary<string, string[]>();
        var today = clock.GetCurrentInstant().InZone(TicketClocks.TerritoryOf(contract.Territory).Zone).Date;
        var on = today;
        if (request.On is not null && !ContractTermsInput.TryDate(request.On, out on))
        {
            errors["on"] = ["Date invalide (AAAA-MM-JJ)."];
        }

        if (request.Minutes is not (> 0 and <= TimeBank.MaxMinutes))
        {
            errors["minutes"] = [$"Entre 1 et {TimeBank.MaxMinutes} minutes."];
        }

        var (note, noteError) = TextInput.Read(request.Note, 500, required: false, "La note");
        if (noteError is not null)
        {
            errors["note"] = [noteError];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var purchase = new TimeBankPurchase { ContractId = id, On = on, Minutes = request.Minutes!.Value, Note = note, AuthorId = caller.Id, CreatedAt = clock.GetCurrentInstant() };
        db.TimeBankPurchases.Add(purchase);
        await db.SaveChangesAsync(ct);
        return new PurchaseCreated(purchase.Id, on, purchase.Minutes);
    }
}
