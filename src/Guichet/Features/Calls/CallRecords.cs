using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Guichet.Features.Accounts;
using NodaTime.Text;

namespace Guichet.Features.Calls;

/// <summary>A call as the telephony sends it (push) or exports it (CSV): texts, checked by <see cref="CallRecords"/>.</summary>
internal sealed record CallInput(
    string? CallId,
    string? CallerNumber,
    string? CalledLine,
    string? OfferedAt,
    string? AnsweredAt,
    string? EndedAt,
    string? Agent,
    string? Outcome,
    long? TicketNumber = null);

/// <summary>A call record as the API answers it.</summary>
internal sealed record CallView(
    string CallId,
    string? CallerNumber,
    string CalledLine,
    Guid? LineId,
    Guid? ContractId,
    Guid? OrganisationId,
    Guid? CallerUserId,
    Instant OfferedAt,
    Instant? AnsweredAt,
    Instant? EndedAt,
    int? WaitMs,
    string? Agent,
    string Outcome,
    long? TicketNumber)
{
    public static CallView Of(CallRecord c) => new(
        c.CallId, c.CallerNumber, c.CalledLine, c.PhoneLineId, c.ContractId, c.OrganisationId, c.CallerUserId,
        c.OfferedAt, c.AnsweredAt, c.EndedAt, c.WaitMs, c.Agent, CallRecords.OutcomeId(c.Outcome), c.TicketId);
}

/// <summary>What a push did: the record, and whether it was new.</summary>
internal sealed record CallPushed(CallView Call, bool Created);

/// <summary>What an import did. Lines in error are skipped and named (the first 100).</summary>
internal sealed record CallImportResult(int Read, int Added, int Updated, int Unchanged, int Rejected, IReadOnlyList<string> Errors);

/// <summary>
/// Call records from the telephony (issue 16, part 2): one call pushed as JSON, or a CSV export imported. Both check
/// a call the same way and save it by the telephony's call id: a call sent again updates its row (or leaves it
/// unchanged), never adds one. The caller's number is matched to a client user (their phone number, normalised), the
/// called number to a declared <see cref="PhoneLine"/> and so to a contract.
/// </summary>
internal sealed class CallRecords(GuichetDbContext db, IClock clock)
{
    /// <summary>Calls saved per transaction during an import.</summary>
    public const int BatchSize = 2000;

    /// <summary>Errors named in an import's result.</summary>
    public const int MaxErrorsShown = 100;

    /// <summary>The CSV columns, in the documented order (docs/phone.md).</summary>
    public static readonly string[] Columns = ["call_id", "caller", "called_line", "offered_at", "answered_at", "ended_at", "agent", "outcome"];

    /// <summary>Outcome ids on the wire, with the French words also accepted.</summary>
    private static readonly Dictionary<string, CallOutcome> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["answered"] = CallOutcome.Answered,
        ["abandoned"] = CallOutcome.Abandoned,
        ["missed"] = CallOutcome.Missed,
        ["voicemail"] = CallOutcome.Voicemail,
        [LabelOf(CallOutcome.Answered)] = CallOutcome.Answered,
        [LabelOf(CallOutcome.Abandoned)] = CallOutcome.Abandoned,
        [LabelOf(CallOutcome.Missed)] = CallOutcome.Missed,
        [LabelOf(CallOutcome.Voicemail)] = CallOutcome.Voicemail,
    };

    /// <summary>An outcome in French, as pages show it and the import also accepts it.</summary>
    public static string LabelOf(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered => "répondu",
        CallOutcome.Abandoned => "abandonné",
        CallOutcome.Missed => "manqué",
        _ => "messagerie",
    };

    /// <summary>The provider's time zone: hours and weekdays of the volumes are those of metropolitan France.</summary>
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static readonly Duration MaxFuture = Duration.FromMinutes(5);
    private static readonly Duration MaxWait = Duration.FromHours(24);

    private static readonly LocalDateTimePattern[] LocalPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss.FFF"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.FFF"),
    ];

    public static string OutcomeId(CallOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>Who may push calls: a telephony account, or an administrator.</summary>
    public static bool MayRecord(Caller caller) => caller.IsTelephony || caller.IsAdmin;

    /// <summary>One call pushed by the telephony (<c>POST /api/v1/calls</c>).</summary>
    public async Task<Outcome<CallPushed>> PushAsync(Caller caller, CallInput input, CancellationToken ct)
    {
        if (!MayRecord(caller))
        {
            return Failure.Forbidden("telephony_only", "Seul un compte de téléphonie (ou un administrateur) envoie des appels.");
        }

        var errors = new Dictionary<string, string[]>();
        var record = Check(input, clock.GetCurrentInstant(), (field, message) => errors[field] = [message]);
        if (record is null)
        {
            return Failure.Invalid(errors);
        }

        if (record.TicketId is { } number && !await db.Tickets.AnyAsync(t => t.Id == number, ct))
        {
            return Failure.Invalid("ticketNumber", "Aucune demande ne porte ce numéro.");
        }

        var directory = await NumberDirectory.LoadAsync(db, ct);
        directory.Match(record);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var (added, _, _) = await SaveAsync([record], ct);
                var saved = await db.Set<CallRecord>().AsNoTracking().SingleAsync(c => c.CallId == record.CallId, ct);
                return new CallPushed(CallView.Of(saved), added == 1);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same call pushed twice at once: the other request added it; this one updates it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Imports a CSV export (comma or semicolon separated, header line with <see cref="Columns"/>).</summary>
    public async Task<CallImportResult> ImportAsync(Stream csv, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var directory = await NumberDirectory.LoadAsync(db, ct);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
        };
        using var reader = new StreamReader(csv, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvReader(reader, config);
        var errors = new List<string>();
        int read = 0, added = 0, updated = 0, unchanged = 0, rejected = 0;
        if (!await parser.ReadAsync())
        {
            return new CallImportResult(0, 0, 0, 0, 0, ["Le fichier est vide."]);
        }

        parser.ReadHeader();
        var missing = Columns.Where(c => c != "agent" && c != "answered_at" && c != "ended_at" && c != "caller" && !(parser.HeaderRecord ?? []).Any(h => h.Trim().Equals(c, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            return new CallImportResult(0, 0, 0, 0, 0, [$"Colonnes manquantes dans l'en-tête : {string.Join(", ", missing)}."]);
        }

        var batch = new Dictionary<string, CallRecord>(StringComparer.Ordinal);
        while (await parser.ReadAsync())
        {
            read++;
            var line = parser.Parser.Row;
            var input = new CallInput(
                Field(parser, "call_id"), Field(parser, "caller"), Field(parser, "called_line"), Field(parser, "offered_at"),
                Field(parser, "answered_at"), Field(parser, "ended_at"), Field(parser, "agent"), Field(parser, "outcome"));
            var record = Check(input, now, (_, message) =>
            {
                if (errors.Count < MaxErrorsShown)
                {
                    errors.Add($"Ligne {line} : {message}");
                }
            });
            if (record is null)
            {
                rejected++;
                continue;
            }

            directory.Match(record);
            batch[record.CallId] = record;
            if (batch.Count >= BatchSize)
            {
                var (a, u, s) = await SaveAsync(batch.Values, ct);
                (added, updated, unchanged) = (added + a, updated + u, unchanged + s);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            var (a, u, s) = await SaveAsync(batch.Values, ct);
            (added, updated, unchanged) = (added + a, updated + u, unchanged + s);
        }

        // A call id repeated within a file counts once.
        return new CallImportResult(read, added, updated, unchanged, rejected, errors);
    }

    private static string? Field(CsvReader reader, string name) =>
        reader.TryGetField<string>(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Adds the new calls and updates the known ones (by call id), in one transaction; returns (added, updated, unchanged).</summary>
    private async Task<(int Added, int Updated, int Unchanged)> SaveAsync(IEnumerable<CallRecord> records, CancellationToken ct)
    {
        var list = records.ToList();
        var ids = list.Select(r => r.CallId).ToList();
        var known = await db.Set<CallRecord>().Where(c => EF.Parameter(ids).Contains(c.CallId)).ToDictionaryAsync(c => c.CallId, StringComparer.Ordinal, ct);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var r in list)
        {
            if (!known.TryGetValue(r.CallId, out var row))
            {
                db.Add(r);
                added++;
            }
            else if (CopyInto(row, r))
            {
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return (added, updated, unchanged);
    }

    /// <summary>Copies what the telephony says of a call onto its row; false when nothing changed.</summary>
    private static bool CopyInto(CallRecord row, CallRecord r)
    {
        var ticket = r.TicketId ?? row.TicketId;
        if ((row.CallerNumber, row.CalledLine, row.PhoneLineId, row.ContractId, row.OrganisationId, row.CallerUserId, row.OfferedAt, row.AnsweredAt, row.EndedAt, row.Agent, row.Outcome, row.TicketId)
            == (r.CallerNumber, r.CalledLine, r.PhoneLineId, r.ContractId, r.OrganisationId, r.CallerUserId, r.OfferedAt, r.AnsweredAt, r.EndedAt, r.Agent, r.Outcome, ticket))
        {
            return false;
        }

        (row.CallerNumber, row.CalledLine, row.PhoneLineId, row.ContractId, row.OrganisationId, row.CallerUserId) =
            (r.CallerNumber, r.CalledLine, r.PhoneLineId, r.ContractId, r.OrganisationId, r.CallerUserId);
        (row.OfferedAt, row.AnsweredAt, row.EndedAt, row.WaitMs, row.Hour, row.Weekday, row.Agent, row.Outcome, row.TicketId) =
            (r.OfferedAt, r.AnsweredAt, r.EndedAt, r.WaitMs, r.Hour, r.Weekday, r.Agent, r.Outcome, ticket);
        return true;
    }

    /// <summary>A call's texts checked; null (and each problem told in French) when one is wrong.</summary>
    internal static CallRecord? Check(CallInput input, Instant now, Action<string, string> error)
    {
        var ok = true;
        void Fail(string field, string message)
        {
            ok = false;
            error(field, message);
        }

        var callId = input.CallId?.Trim();
        if (string.IsNullOrEmpty(callId) || callId.Length > 100)
        {
            Fail("callId", "L'identifiant de l'appel est obligatoire (100 caractères au plus).");
        }

        var line = PhoneNumbers.Normalise(input.CalledLine);
        if (line is null || line.Length > 32)
        {
            Fail("calledLine", "Le numéro appelé est obligatoire (un numéro de téléphone).");
        }

        var caller = PhoneNumbers.Normalise(input.CallerNumber);
        if (caller is { Length: > 32 })
        {
            caller = null;
        }

        var offered = ReadInstant(input.OfferedAt, "offeredAt", "L'heure de présentation de l'appel", required: true, Fail);
        var answered = ReadInstant(input.AnsweredAt, "answeredAt", "L'heure de décroché", required: false, Fail);
        var ended = ReadInstant(input.EndedAt, "endedAt", "L'heure de fin", required: false, Fail);
        CallOutcome outcome = default;
        if (input.Outcome is null || !Outcomes.TryGetValue(input.Outcome.Trim(), out outcome))
        {
            Fail("outcome", "Issue de l'appel inconnue ; choisissez parmi : answered, abandoned, missed, voicemail.");
        }
        else if (outcome == CallOutcome.Answered && answered is null && input.AnsweredAt is null)
        {
            Fail("answeredAt", "Un appel répondu a une heure de décroché.");
        }
        else if (outcome != CallOutcome.Answered && input.AnsweredAt is not null)
        {
            Fail("answeredAt", "Un appel non répondu n'a pas d'heure de décroché.");
        }

        if (offered is { } o)
        {
            if (o > now + MaxFuture)
            {
                Fail("offeredAt", "L'appel ne peut pas être dans le futur.");
            }

            if (answered is { } a && (a < o || a - o > MaxWait))
            {
                Fail("answeredAt", "Le décroché suit la présentation de l'appel, de moins de 24 heures.");
            }

            if (ended is { } e && e < (answered ?? o))
            {
                Fail("endedAt", "La fin de l'appel précède son début ou son décroché.");
            }
        }

        var agent = input.Agent?.Trim();
        if (agent is { Length: > 200 })
        {
            Fail("agent", "Le nom de l'agent compte 200 caractères au plus.");
        }

        if (input.TicketNumber is <= 0)
        {
            Fail("ticketNumber", "Numéro de demande invalide.");
        }

        if (!ok)
        {
            return null;
        }

        var local = offered!.Value.InZone(Zone);
        return new CallRecord
        {
            CallId = callId!,
            CallerNumber = caller,
            CalledLine = line!,
            OfferedAt = offered.Value,
            AnsweredAt = answered,
            EndedAt = ended,
            WaitMs = answered is { } w ? (int)(w - offered.Value).TotalMilliseconds : null,
            Hour = local.Hour,
            Weekday = (int)local.DayOfWeek,
            Agent = string.IsNullOrEmpty(agent) ? null : agent,
            Outcome = outcome,
            TicketId = input.TicketNumber,
            RecordedAt = now,
        };
    }

    /// <summary>ISO 8601 with an offset (<c>2026-03-02T09:15:03+01:00</c>, <c>…Z</c>), or a local time of metropolitan France (<c>2026-03-02 09:15:03</c>).</summary>
    private static Instant? ReadInstant(string? text, string field, string what, bool required, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                fail(field, $"{what} est obligatoire.");
            }

            return null;
        }

        text = text.Trim();
        var withOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (withOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return Instant.FromDateTimeOffset(parsed);
        }

        foreach (var pattern in LocalPatterns)
        {
            if (pattern.Parse(text) is { Success: true } local)
            {
                // A local time in the change to winter time is read as the first of the two.
                return local.Value.InZoneLeniently(Zone).ToInstant();
            }
        }

        fail(field, $"{what} : format ISO 8601 attendu (par exemple 2026-03-02T09:15:03+01:00, ou 2026-03-02 09:15:03 à l'heure de Paris).");
        return null;
    }

    /// <summary>The declared lines, the client users' numbers and the organisations' contracts, read once per import or push.</summary>
    private sealed class NumberDirectory
    {
        private readonly Dictionary<string, (Guid Id, Guid ContractId, Guid OrganisationId)> _lines = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (Guid? UserId, Guid? OrganisationId)> _people = new(StringComparer.Ordinal);
        private readonly Dictionary<Guid, Guid?> _onlyContract = [];

        public static async Task<NumberDirectory> LoadAsync(GuichetDbContext db, CancellationToken ct)
        {
            var directory = new NumberDirectory();
            var lines = await (from l in db.Set<PhoneLine>().AsNoTracking()
                               join c in db.Contracts on l.ContractId equals c.Id
                               select new { l.Id, l.Number, l.ContractId, c.OrganisationId }).ToListAsync(ct);
            foreach (var l in lines)
            {
                directory._lines[l.Number] = (l.Id, l.ContractId, l.OrganisationId);
            }

            var people = await db.Users.AsNoTracking()
                .Where(u => u.Kind == UserKind.Client && u.PhoneNumber != null && u.OrganisationId != null)
                .Select(u => new { u.Id, u.PhoneNumber, u.OrganisationId })
                .ToListAsync(ct);
            foreach (var p in people)
            {
                if (PhoneNumbers.Normalise(p.PhoneNumber) is not { } number)
                {
                    continue;
                }

                // A number two people share names nobody; the organisation stays when it is the same.
                directory._people[number] = directory._people.TryGetValue(number, out var known)
                    ? (null, known.OrganisationId == p.OrganisationId ? known.OrganisationId : null)
                    : (p.Id, p.OrganisationId);
            }

            var contracts = await db.Contracts.AsNoTracking().Select(c => new { c.Id, c.OrganisationId }).ToListAsync(ct);
            foreach (var group in contracts.GroupBy(c => c.OrganisationId))
            {
                directory._onlyContract[group.Key] = group.Count() == 1 ? group.First().Id : null;
            }

            return directory;
        }

        /// <summary>Sets the line, contract, organisation and person of a call from its numbers.</summary>
        public void Match(CallRecord record)
        {
            var hasLine = _lines.TryGetValue(record.CalledLine, out var line);
            var person = record.CallerNumber is { } n && _people.TryGetValue(n, out var p) ? p : (null, null);
            record.PhoneLineId = hasLine ? line.Id : null;
            record.CallerUserId = person.UserId;
            record.OrganisationId = person.OrganisationId ?? (hasLine ? line.OrganisationId : null);
            record.ContractId = hasLine ? line.ContractId
                : record.OrganisationId is { } org && _onlyContract.TryGetValue(org, out var only) ? only : null;
        }
    }
}
