using Guichet.Features.Tickets;

namespace Guichet.Features.Crisis;

/// <summary>
/// The post-mortem of a closed crisis (its "bilan", AT 9.3.4.6 11): the timeline read from the log, the causes, and the
/// measures that prevent a recurrence, each raised as a ticket of the organisation and followed until it is closed. Its
/// deadline is one of the crisis's promises (<see cref="Domain.Crises.CrisisRules.DefaultPostMortem"/> after the
/// closure), kept by its publication, after which the client's référents read it and the causes no longer change.
/// </summary>
internal sealed class PostMortems(GuichetDbContext db, IClock clock, TicketHandlers tickets, CrisisCells crises)
{
    private static readonly Failure NotClosed = Failure.Conflict("crisis_open", "Le bilan se fait une fois la cellule close.");

    private static readonly Failure Published = Failure.Conflict("post_mortem_published", "Le bilan est publié : ses causes ne changent plus ; ajoutez une note au journal.");

    public Task<Outcome<CrisisView>> SaveCausesAsync(Caller caller, Guid id, PostMortemRequest request, CancellationToken ct) =>
        LeadAsync(caller, id, new TextField(request.Causes, 8000, "causes", "Les causes de la crise"), (crisis, causes) => SaveCausesAsync(caller, crisis, causes, ct), ct);

    private async Task<Outcome<CrisisView>> SaveCausesAsync(Caller caller, CrisisCell crisis, string causes, CancellationToken ct)
    {
        var id = crisis.Id;
        var postMortem = await db.Set<CrisisPostMortem>().SingleOrDefaultAsync(p => p.CrisisId == id, ct);
        if (postMortem?.PublishedAt is not null)
        {
            return Published;
        }

        if (postMortem is null)
        {
            postMortem = new CrisisPostMortem { CrisisId = id };
            db.Add(postMortem);
        }

        postMortem.Causes = causes;
        postMortem.UpdatedAt = clock.GetCurrentInstant();
        postMortem.UpdatedById = caller.Id;
        await db.SaveChangesAsync(ct);
        return await crises.GetAsync(caller, id, ct);
    }

    /// <summary>
    /// A preventive measure, raised as a ticket for the first contact of the crisis who is declared on a product of
    /// the contract (the organisation's usual queue, the contract's default service type and priority), with an
    /// internal note naming the crisis; the measure is done when its ticket is closed.
    /// </summary>
    public Task<Outcome<CrisisView>> AddMeasureAsync(Caller caller, Guid id, MeasureRequest request, CancellationToken ct) =>
        LeadAsync(caller, id, new TextField(request.Text, 4000, "text", "La mesure"), (crisis, text) => AddMeasureAsync(caller, crisis, text, ct), ct);

    private async Task<Outcome<CrisisView>> AddMeasureAsync(Caller caller, CrisisCell crisis, string text, CancellationToken ct)
    {
        var id = crisis.Id;
        var products = await db.Set<ContractProduct>().AsNoTracking().Where(p => p.ContractId == crisis.ContractId).Select(p => p.ProductId).ToListAsync(ct);
        Caller? requester = null;
        foreach (var contact in await CrisisMails.ContactsAsync(db, id, ct))
        {
            if (await Caller.OfUserAsync(db, contact.Id, ct) is { } candidate && candidate.DeclaredProducts.Any(products.Contains))
            {
                requester = candidate;
                break;
            }
        }

        if (requester is null)
        {
            return Failure.Conflict("no_requester", "Aucun contact de la crise n'est déclaré sur un produit du contrat : la mesure ne peut pas devenir une demande.");
        }

        var now = clock.GetCurrentInstant();
        var queueId = await UsualQueue.OrFirstAsync(db, crisis.OrganisationId, ct);
        var subject = $"Mesure préventive — {crisis.Title}";
        var note = new TicketTraceEntry
        {
            At = now,
            Kind = EventKind.Message,
            Value = TicketClocks.StaffMark,
            AuthorId = caller.Id,
            Visibility = Visibility.Internal,
            Text = $"Mesure préventive du bilan de la cellule de crise « {crisis.Title} » (/bureau/crises/{crisis.Id}/bilan), enregistrée par l'équipe pour le compte du client.",
        };
        var created = await tickets.CreateAsync(requester, new TicketHandlers.CreateTicket(
                requester.DeclaredProducts.First(products.Contains), queueId, null, null, null, subject.Length > TicketHandlers.MaxSubject ? subject[..TicketHandlers.MaxSubject] : subject, text),
            new TicketHandlers.Intake(now, (_, _) => new List<TicketTraceEntry> { note }), ct);
        if (!created.TryGet(out var ticket, out var refused))
        {
            return refused;
        }

        db.Add(new CrisisMeasure { CrisisId = id, Text = text, TicketId = ticket.Id, CreatedAt = now, AuthorId = caller.Id });
        db.Add(new CrisisEvent { CrisisId = id, Kind = CrisisEventKind.MeasureAdded, At = now, AuthorId = caller.Id, Text = $"{text} (demande n° {ticket.Id})" });
        await db.SaveChangesAsync(ct);
        return await crises.GetAsync(caller, id, ct);
    }

    public Task<Outcome<CrisisView>> PublishAsync(Caller caller, Guid id, CancellationToken ct) =>
        LeadAsync(caller, id, crisis => PublishAsync(caller, crisis, ct), ct);

    private async Task<Outcome<CrisisView>> PublishAsync(Caller caller, CrisisCell crisis, CancellationToken ct)
    {
        var id = crisis.Id;
        var postMortem = await db.Set<CrisisPostMortem>().SingleOrDefaultAsync(p => p.CrisisId == id, ct);
        if (postMortem is null)
        {
            return Failure.Invalid("causes", "Indiquez les causes de la crise avant de publier le bilan.");
        }

        if (postMortem.PublishedAt is not null)
        {
            return Published;
        }

        var now = clock.GetCurrentInstant();
        postMortem.PublishedAt = now;
        var published = new CrisisEvent { CrisisId = id, Kind = CrisisEventKind.PostMortemPublished, At = now, AuthorId = caller.Id, Text = "" };
        db.Add(published);
        await CrisisDeadlines.RefreshAsync(db, crisis, [published], ct);
        var measures = await db.Set<CrisisMeasure>().AsNoTracking().Where(m => m.CrisisId == id).OrderBy(m => m.CreatedAt).ToListAsync(ct);
        var zone = await crises.ZoneAsync(crisis.OrganisationId, ct);
        CrisisMails.ToContacts(db, await CrisisMails.ContactsAsync(db, id, ct), $"Guichet : bilan de la crise — {crisis.Title}", $"""
            Le bilan de la cellule de crise « {crisis.Title} » (ouverte le {Display.When(crisis.OpenedAt, zone)}, close le {Display.When(crisis.ClosedAt!.Value, zone)}) est publié.

            Causes :
            {postMortem.Causes}

            Mesures engagées pour éviter qu'elle se reproduise :
            {(measures.Count == 0 ? "(aucune)" : string.Join("\n", measures.Select(m => $"- {m.Text}{(m.TicketId is { } t ? $" (demande n° {t})" : "")}")))}

            Le bilan et le suivi de chaque mesure sont sur le portail : /crises/{id}
            """, now);
        await db.SaveChangesAsync(ct);
        return await crises.GetAsync(caller, id, ct);
    }

    /// <summary>
    /// Runs <paramref name="step"/> on the crisis (tracked) when the caller may see it (else not found), is staff, leads
    /// it (<see cref="CrisisCells.MayLead(Caller, CrisisCell)"/>) and it is closed; each refusal with its own code.
    /// </summary>
    private async Task<Outcome<CrisisView>> LeadAsync(Caller caller, Guid id, Func<CrisisCell, Task<Outcome<CrisisView>>> step, CancellationToken ct)
    {
        if (await CrisisCells.Visible(db, caller).SingleOrDefaultAsync(c => c.Id == id, ct) is not { } crisis)
        {
            return Failure.NotFound("cellule de crise");
        }

        return !caller.IsStaff ? Failure.Forbidden("staff_only", "Seul le personnel du support rédige le bilan.")
            : !CrisisCells.MayLead(caller, crisis) ? Failure.Forbidden("crisis_manager_only", "Seul le responsable de la crise (ou un superviseur) rédige le bilan.")
            : crisis.ClosedAt is null ? NotClosed
            : await step(crisis);
    }

    /// <summary>A required text of a request: what is sent, its length at most, its field (camel case) and its name in French.</summary>
    private sealed record TextField(string? Sent, int Max, string Field, string What);

    /// <summary>
    /// The lead's step (the overload above) when it writes one required text: the text read as every text of the API is
    /// (<see cref="TextInput"/>), its error on its field, then the step with it.
    /// </summary>
    private Task<Outcome<CrisisView>> LeadAsync(Caller caller, Guid id, TextField field, Func<CrisisCell, string, Task<Outcome<CrisisView>>> step, CancellationToken ct) =>
        LeadAsync(caller, id, async crisis =>
        {
            var (text, error) = TextInput.Read(field.Sent, field.Max, required: true, field.What);
            return error is not null ? Failure.Invalid(field.Field, error) : await step(crisis, text!);
        }, ct);

    /// <summary>The post-mortem of a closed crisis as the caller may read it: staff always (a draft too), a client once published.</summary>
    public static async Task<PostMortemView?> ViewAsync(GuichetDbContext db, CrisisCell crisis, IReadOnlyList<CrisisDueView> dues, IReadOnlyList<CrisisLogEntryView> log, bool staff, CancellationToken ct)
    {
        var postMortem = await db.Set<CrisisPostMortem>().AsNoTracking().SingleOrDefaultAsync(p => p.CrisisId == crisis.Id, ct);
        if (!staff && postMortem?.PublishedAt is null)
        {
            return null;
        }

        var contract = await db.Contracts.AsNoTracking().Where(c => c.Id == crisis.ContractId).Select(c => new { c.PresetId, c.Policy }).SingleAsync(ct);
        var workflow = TicketClocks.Policy(contract.PresetId, contract.Policy).Policy.Workflow;
        var measures = await db.Set<CrisisMeasure>().AsNoTracking().Where(m => m.CrisisId == crisis.Id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.Text, m.TicketId, m.CreatedAt, Ticket = db.Tickets.Where(t => t.Id == m.TicketId).Select(t => new { t.State, t.IsClosed }).FirstOrDefault() })
            .ToListAsync(ct);
        var views = measures.Select(m => new CrisisMeasureView(m.Id, m.Text, m.TicketId, m.Ticket?.State,
            m.Ticket is null ? "demande supprimée" : workflow.TryGetState(m.Ticket.State, out var state) ? state.LabelFor(!staff) : m.Ticket.State,
            m.Ticket?.IsClosed ?? false, CrisisTexts.Iso(m.CreatedAt))).ToList();
        return new PostMortemView(postMortem?.Causes ?? "", dues.FirstOrDefault(d => d.Kind == "post-mortem"), CrisisTexts.Iso(postMortem?.PublishedAt), views,
            views.Count > 0 && views.All(v => v.Done), log);
    }
}
