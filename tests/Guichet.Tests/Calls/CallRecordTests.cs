using System.Globalization;
using System.Net;
using System.Text;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Calls;
using Guichet.Features.Mail;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Tests.Calls;

/// <summary>What the call tests share: a telephony token, a declared line, a caller's phone number.</summary>
internal static class CallTestData
{
    public static string Iso(Instant at) => InstantPattern.ExtendedIso.Format(at);

    /// <summary>A new token of the telephony account "Standard" (created once per database).</summary>
    public static async Task<string> TelephonyTokenAsync(GuichetApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        var now = app.Clock.GetCurrentInstant();
        var user = await MachineAccounts.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<User>>(), MachineAccounts.Telephony, "Standard", now, CancellationToken.None);
        return await ApiTokens.CreateAsync(db, user.Id, "tests", now);
    }

    /// <summary>Declares a line of <paramref name="contractId"/> (once) and answers its normalised number.</summary>
    public static Task<string> LineAsync(GuichetApp app, Guid contractId, string number, string label) => app.WithDbAsync(async db =>
    {
        var normalised = PhoneNumbers.Normalise(number)!;
        if (!await db.Set<PhoneLine>().AnyAsync(l => l.Number == normalised))
        {
            db.Add(new PhoneLine { Number = normalised, Label = label, ContractId = contractId });
            await db.SaveChangesAsync();
        }

        return normalised;
    });

    /// <summary>Gives a person a phone number, written as people type it.</summary>
    public static Task<int> PhoneAsync(GuichetApp app, Guid userId, string number) => app.WithDbAsync(db =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PhoneNumber, number)));
}

/// <summary>Call records pushed by the telephony and imported from its CSV export (issue 16, part 2), on each database.</summary>
public abstract class CallRecordTests(GuichetApp app)
{
    private World W => app.World;

    private static object Call(string id, string caller, string line, Instant offered, Instant? answered, Instant? ended, string outcome, string? agent = "Agent 1") => new
    {
        callId = id,
        callerNumber = caller,
        calledLine = line,
        offeredAt = CallTestData.Iso(offered),
        answeredAt = answered is { } a ? CallTestData.Iso(a) : null,
        endedAt = ended is { } e ? CallTestData.Iso(e) : null,
        agent,
        outcome,
    };

    [Fact]
    public async Task A_pushed_call_is_matched_to_its_caller_and_line_and_pushing_it_again_adds_nothing()
    {
        var token = await CallTestData.TelephonyTokenAsync(app);
        var line = await CallTestData.LineAsync(app, W.A.ContractId, "01 40 00 00 01", "Ligne S²LOW");
        await CallTestData.PhoneAsync(app, W.A.Simple.Id, "06.12.34.56.78");
        var offered = app.Clock.GetCurrentInstant() - Duration.FromMinutes(30);
        var body = Call("push-1", "+33 (0)6 12 34 56 78", "0140000001", offered, offered + Duration.FromSeconds(12), offered + Duration.FromMinutes(4), "answered");

        var first = await app.As(token).PostJsonAsync("/api/v1/calls", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var call = await first.ReadAsync();
        Assert.Equal("push-1", call.GetProperty("callId").GetString());
        Assert.Equal("+33612345678", call.GetProperty("callerNumber").GetString());
        Assert.Equal(line, call.GetProperty("calledLine").GetString());
        Assert.Equal(W.A.Simple.Id, call.GetProperty("callerUserId").GetGuid());
        Assert.Equal(W.A.Id, call.GetProperty("organisationId").GetGuid());
        Assert.Equal(W.A.ContractId, call.GetProperty("contractId").GetGuid());
        Assert.Equal(12_000, call.GetProperty("waitMs").GetInt32());

        // The same call again: 200, one row; then with a later end: updated, still one row.
        var again = await app.As(token).PostJsonAsync("/api/v1/calls", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var later = Call("push-1", "0612345678", "0140000001", offered, offered + Duration.FromSeconds(12), offered + Duration.FromMinutes(9), "answered");
        Assert.Equal(HttpStatusCode.OK, (await app.As(token).PostJsonAsync("/api/v1/calls", later)).StatusCode);
        var rows = await app.WithDbAsync(db => db.Set<CallRecord>().AsNoTracking().Where(c => c.CallId == "push-1").ToListAsync());
        Assert.Equal(offered + Duration.FromMinutes(9), Assert.Single(rows).EndedAt);
    }

    [Fact]
    public async Task Bad_calls_are_refused_in_french_with_a_stable_code_and_the_field_named()
    {
        var token = await CallTestData.TelephonyTokenAsync(app);
        var now = app.Clock.GetCurrentInstant();
        var response = await app.As(token).PostJsonAsync("/api/v1/calls", new { callId = "bad-1", calledLine = "0140000001", offeredAt = "hier", outcome = "raccroché" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync();
        Assert.Equal("validation_failed", problem.Code());
        Assert.Equal("Certaines valeurs sont invalides.", problem.GetProperty("title").GetString());
        Assert.Contains("ISO 8601", problem.GetProperty("errors").GetProperty("offeredAt")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Issue de l'appel inconnue", problem.GetProperty("errors").GetProperty("outcome")[0].GetString(), StringComparison.Ordinal);

        var early = await app.As(token).PostJsonAsync("/api/v1/calls", Call("bad-2", "0612345678", "0140000001", now - Duration.FromMinutes(5), now - Duration.FromMinutes(6), null, "answered"));
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("décroché suit la présentation", (await early.ReadAsync()).GetProperty("errors").GetProperty("answeredAt")[0].GetString(), StringComparison.Ordinal);

        var missedAnswered = await app.As(token).PostJsonAsync("/api/v1/calls", Call("bad-3", "0612345678", "0140000001", now - Duration.FromMinutes(5), now - Duration.FromMinutes(4), null, "missed"));
        Assert.Equal(HttpStatusCode.BadRequest, missedAnswered.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CallRecord>().CountAsync(c => c.CallId.StartsWith("bad-"))));

        // A malformed body is a 400 too, not a 500.
        var broken = await app.As(token).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/calls") { Content = new StringContent("{\"callId\": ", Encoding.UTF8, "application/json") });
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Fact]
    public async Task A_call_is_linked_to_the_ticket_raised_from_it_once_and_only_for_its_organisation()
    {
        var token = await CallTestData.TelephonyTokenAsync(app);
        await CallTestData.LineAsync(app, W.A.ContractId, "01 40 00 00 01", "Ligne S²LOW");
        await CallTestData.PhoneAsync(app, W.A.Simple.Id, "06.12.34.56.78");
        await CallTestData.PhoneAsync(app, W.B.Simple.Id, "06.98.76.54.32");
        var offered = app.Clock.GetCurrentInstant() - Duration.FromMinutes(20);
        var ours = $"lien-{Guid.NewGuid():N}";
        var theirs = $"lien-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await app.As(token).PostJsonAsync("/api/v1/calls", Call(ours, "0612345678", "0140000001", offered, offered + Duration.FromSeconds(5), offered + Duration.FromMinutes(3), "answered"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.As(token).PostJsonAsync("/api/v1/calls", Call(theirs, "0698765432", "0140000001", offered, offered + Duration.FromSeconds(5), offered + Duration.FromMinutes(3), "answered"))).StatusCode);
        object Raise(string callId) => new
        {
            requesterId = W.A.Simple.Id,
            productId = W.ProductId,
            queueId = W.QueueId,
            serviceType = "bug-applicatif",
            subject = "Appel : parapheur bloqué",
            body = "Signalé par téléphone.",
            channel = "telephone",
            callId,
        };

        // Another organisation's caller: refused on the field, nothing linked, no ticket.
        var refused = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Raise(theirs));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.ReadAsync()).GetProperty("errors").TryGetProperty("callId", out _));

        var created = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Raise(ours));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.ReadAsync()).GetProperty("number").GetInt64();
        var links = await app.WithDbAsync(db => db.Set<CallRecord>().Where(c => c.CallId == ours || c.CallId == theirs).ToDictionaryAsync(c => c.CallId, c => c.TicketId));
        Assert.Equal(number, links[ours]);
        Assert.Null(links[theirs]);

        // A call already linked is not linked again.
        Assert.Equal(HttpStatusCode.BadRequest, (await app.As(W.Admin.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Raise(ours))).StatusCode);
    }

    [Fact]
    public async Task The_call_page_proposes_the_callers_latest_call_and_links_it_to_the_request()
    {
        var token = await CallTestData.TelephonyTokenAsync(app);
        await CallTestData.LineAsync(app, W.A.ContractId, "01 40 00 00 01", "Ligne S²LOW");
        await CallTestData.PhoneAsync(app, W.A.Simple.Id, "06.12.34.56.78");
        var offered = app.Clock.GetCurrentInstant() - Duration.FromMinutes(5);
        var callId = $"page-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await app.As(token).PostJsonAsync("/api/v1/calls", Call(callId, "0612345678", "0140000001", offered, offered + Duration.FromSeconds(8), null, "answered"))).StatusCode);

        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var url = $"/bureau/appel?appelant={W.A.Simple.Id}";
        var page = System.Net.WebUtility.HtmlDecode(await agent.GetStringAsync(url));
        Assert.Matches($"<input type=\"radio\" name=\"CallId\" value=\"{callId}\" checked=\"checked\"[^>]*> Appel du [^<]+ \\(répondu\\)", page);

        var sent = await agent.PostFormAsync(url, url, new()
        {
            ["appelant"] = W.A.Simple.Id.ToString(),
            ["Subject"] = "Appel : export impossible",
            ["Body"] = "Signalé par téléphone.",
            ["ProductId"] = W.ProductId.ToString(),
            ["QueueId"] = W.QueueId.ToString(),
            ["ServiceType"] = "bug-applicatif",
            ["Priority"] = "2",
            ["Channel"] = "telephone",
            ["CallId"] = callId,
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var number = long.Parse(sent.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        Assert.Equal(number, await app.WithDbAsync(db => db.Set<CallRecord>().Where(c => c.CallId == callId).Select(c => c.TicketId).SingleAsync()));

        // Linked, the call is no longer proposed.
        Assert.DoesNotContain(callId, await agent.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_telephony_token_does_nothing_else_and_others_cannot_push()
    {
        var token = await CallTestData.TelephonyTokenAsync(app);
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/v1/tickets"), (HttpMethod.Get, "/api/v1/me"), (HttpMethod.Get, $"/api/v1/organisations/{W.A.Id}"), (HttpMethod.Get, "/api/v1/contracts"), (HttpMethod.Post, "/api/v1/tickets") })
        {
            var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            var response = await app.As(token).SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("telephony_only", (await response.ReadAsync()).Code());
        }

        var now = app.Clock.GetCurrentInstant();
        var byAgent = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/calls", Call("agent-1", "0612345678", "0140000001", now - Duration.FromMinutes(1), null, now, "missed"));
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal("telephony_only", (await byAgent.ReadAsync()).Code());
        var byClient = await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/calls", Call("client-1", "0612345678", "0140000001", now - Duration.FromMinutes(1), null, now, "missed"));
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(null).PostJsonAsync("/api/v1/calls", new { })).StatusCode);
    }

    [Fact]
    public async Task An_administrator_editing_the_telephony_account_leaves_it_a_telephony_account()
    {
        // An account of this test's own (the other tests share "Standard").
        string token;
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
            var user = await MachineAccounts.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<User>>(), MachineAccounts.Telephony, "Autocommutateur " + Guid.NewGuid().ToString("N")[..8], app.Clock.GetCurrentInstant(), CancellationToken.None);
            (id, token) = (user.Id, await ApiTokens.CreateAsync(db, user.Id, "tests", app.Clock.GetCurrentInstant()));
        }

        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var url = $"/admin/utilisateurs/{id}";
        var page = await admin.GetStringAsync(url);
        string Field(string name) => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);

        // The form offers no telephony role: the administrator renames it and ticks "Agent" (one role is required).
        var saved = await admin.PostFormAsync(url, url, new() { ["Stamp"] = Field("Stamp"), ["Email"] = Field("Email"), ["DisplayName"] = "Standard renommé", ["Roles"] = "Agent" });
        Assert.True((int)saved.StatusCode < 400, $"{(int)saved.StatusCode}");
        var (name, roles) = await app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => new ValueTuple<string, StaffRoles>(u.DisplayName, u.Roles)).SingleAsync());
        Assert.Equal("Standard renommé", name);
        Assert.Equal(StaffRoles.Telephony | StaffRoles.Agent, roles);
        Assert.Equal("telephony_only", (await (await app.As(token).GetAsync("/api/v1/tickets")).ReadAsync()).Code());
    }

    /// <summary>
    /// How many calls the bulk file holds: the acceptance's 100,000 on SQLite (the default database); 20,000 (ten
    /// batches) on PostgreSQL, where the same import path ran 70 s of the suite's time for no rule of its own.
    /// </summary>
    protected virtual int BulkCalls => 100_000;

    [Fact]
    public async Task A_file_of_100000_calls_imported_twice_gives_100000_records()
    {
        var count = BulkCalls;
        var start = Instant.FromUtc(2025, 1, 6, 7, 0);
        var csv = new StringBuilder("call_id;caller;called_line;offered_at;answered_at;ended_at;agent;outcome\n");
        string[] outcomes = ["answered", "answered", "answered", "answered", "answered", "answered", "answered", "abandoned", "missed", "voicemail"];
        for (var i = 0; i < count; i++)
        {
            var offered = start + Duration.FromSeconds(i * 60L);
            var outcome = outcomes[i % outcomes.Length];
            var answered = outcome == "answered" ? CallTestData.Iso(offered + Duration.FromSeconds(i % 40)) : "";
            csv.Append(CultureInfo.InvariantCulture, $"bulk-{i:D6};07{i:D8};01 99 00 00 {i % 50:D2};{CallTestData.Iso(offered)};{answered};{CallTestData.Iso(offered + Duration.FromMinutes(3))};Agent {i % 7};{outcome}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var first = await app.WithServiceAsync<CallRecords, CallImportResult>(c => c.ImportAsync(new MemoryStream(bytes), CancellationToken.None));
        Assert.Equal((count, count, 0, 0, 0), (first.Read, first.Added, first.Updated, first.Unchanged, first.Rejected));
        var second = await app.WithServiceAsync<CallRecords, CallImportResult>(c => c.ImportAsync(new MemoryStream(bytes), CancellationToken.None));
        Assert.Equal((count, 0, 0, count, 0), (second.Read, second.Added, second.Updated, second.Unchanged, second.Rejected));
        Assert.Equal(count, await app.WithDbAsync(db => db.Set<CallRecord>().CountAsync(c => c.CallId.StartsWith("bulk-"))));
    }

    [Fact]
    public async Task A_bad_line_in_a_file_is_named_and_skipped()
    {
        var csv = "call_id,caller,called_line,offered_at,answered_at,ended_at,agent,outcome\n"
            + "file-1,0612345678,0140000001,2026-03-03 09:00:00,2026-03-03 09:00:07,2026-03-03 09:03:00,Agent 1,answered\n"
            + "file-2,0612345678,0140000001,le 3 mars,,,Agent 1,missed\n";
        var result = await app.WithServiceAsync<CallRecords, CallImportResult>(c => c.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), CancellationToken.None));
        Assert.Equal((2, 1, 1), (result.Read, result.Added, result.Rejected));
        Assert.StartsWith("Ligne 3 : L'heure de présentation de l'appel : format ISO 8601 attendu", Assert.Single(result.Errors), StringComparison.Ordinal);
        var row = await app.WithDbAsync(db => db.Set<CallRecord>().AsNoTracking().SingleAsync(c => c.CallId == "file-1"));
        Assert.Equal(Instant.FromUtc(2026, 3, 3, 8, 0), row.OfferedAt); // 09:00 in Paris, winter time
        Assert.Equal(7_000, row.WaitMs);
    }

    [Fact]
    public async Task The_kpis_match_a_hand_computed_sample()
    {
        // Contract B (AT preset: 80 % < 15 s, 90 % < 30 s, answer rate > 90 %). Tuesday 3 March 2026 in Paris (UTC+1).
        var token = await CallTestData.TelephonyTokenAsync(app);
        await CallTestData.LineAsync(app, W.B.ContractId, "01 50 00 00 01", "Ligne 1");
        await CallTestData.LineAsync(app, W.B.ContractId, "01 50 00 00 02", "Ligne 2");
        var nine = Instant.FromUtc(2026, 3, 3, 8, 0);
        var two = Instant.FromUtc(2026, 3, 3, 13, 0);
        var n = 0;
        async Task PushAsync(string line, Instant offered, int? waitSeconds, string outcome)
        {
            var answered = waitSeconds is { } w ? offered + Duration.FromSeconds(w) : (Instant?)null;
            var response = await app.As(token).PostJsonAsync("/api/v1/calls", Call($"kpi-{n++}", "0299999999", line, offered, answered, offered + Duration.FromMinutes(5), outcome));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Line 1: waits 5, 10, 14, 15, 20, 29 and 45 s at 9 h; an abandoned, a missed and a voicemail call at 14 h.
        foreach (var (wait, i) in new[] { 5, 10, 14, 15, 20, 29, 45 }.Select((w, i) => (w, i)))
        {
            await PushAsync("0150000001", nine + Duration.FromMinutes(i), wait, "answered");
        }

        await PushAsync("0150000001", two, null, "abandoned");
        await PushAsync("0150000001", two + Duration.FromMinutes(1), null, "missed");
        await PushAsync("0150000001", two + Duration.FromMinutes(2), null, "voicemail");

        // Line 2: ten calls answered in 3 s, on the Wednesday at 9 h.
        for (var i = 0; i < 10; i++)
        {
            await PushAsync("0150000002", nine + Duration.FromDays(1) + Duration.FromMinutes(i), 3, "answered");
        }

        var day = new LocalDate(2026, 3, 3);
        var tuesday = await app.WithDbAsync(db => PhoneKpis.ComputeAsync(db, db.Contracts.Where(c => c.Id == W.B.ContractId), null, day, day, CancellationToken.None));
        var b = Assert.Single(tuesday.Contracts);
        var f = b.Total;
        // Offered 10, answered 7; < 15 s: 5, 10, 14 (3); < 30 s: those and 15, 20, 29 (6); mean wait 138 / 7 = 19.7 s.
        Assert.Equal((10, 7, 3, 6, 1, 1, 1), (f.Offered, f.Answered, f.Within15, f.Within30, f.Abandoned, f.Missed, f.Voicemail));
        Assert.Equal((30.0m, 60.0m, 70.0m, 19.7m), (f.Within15Share, f.Within30Share, f.AnswerRate, f.AverageWaitSeconds));
        Assert.Equal([("Décrochés en moins de 15 s", 80m, (bool?)false), ("Décrochés en moins de 30 s", 90m, false), ("Taux de réponse", 90m, false)], b.Objectives.Select(o => (o.Label, o.Target, o.Met)));
        Assert.Equal((7, 7), (tuesday.ByHour[9].Offered, tuesday.ByHour[9].Answered));
        Assert.Equal((3, 0), (tuesday.ByHour[14].Offered, tuesday.ByHour[14].Answered));
        Assert.Equal(10, tuesday.ByWeekday[1].Offered); // mardi
        Assert.Equal(0, tuesday.ByWeekday[2].Offered);

        // Both days: 20 offered, 17 answered, 13 < 15 s, 16 < 30 s → 65 %, 80 %, 85 %; line 2 alone meets every objective.
        var both = await app.WithDbAsync(db => PhoneKpis.ComputeAsync(db, db.Contracts.Where(c => c.Id == W.B.ContractId), null, day, day.PlusDays(1), CancellationToken.None));
        var total = Assert.Single(both.Contracts).Total;
        Assert.Equal((20, 17, 13, 16), (total.Offered, total.Answered, total.Within15, total.Within30));
        Assert.Equal((65.0m, 80.0m, 85.0m), (total.Within15Share, total.Within30Share, total.AnswerRate));
        Assert.Equal(2, both.Contracts[0].Lines.Count);
        var line2 = both.Contracts[0].Lines.Single(l => l.Line.StartsWith("Ligne 2", StringComparison.Ordinal));
        Assert.Equal((10, 100.0m, 100.0m, 100.0m), (line2.Figures.Offered, line2.Figures.Within15Share, line2.Figures.Within30Share, line2.Figures.AnswerRate));
        var line2Only = await app.WithDbAsync(db => PhoneKpis.ComputeAsync(db, db.Contracts.Where(c => c.Id == W.B.ContractId), line2.LineId, day, day.PlusDays(1), CancellationToken.None));
        Assert.All(Assert.Single(line2Only.Contracts).Objectives, o => Assert.True(o.Met));

        // The exports carry the same figures: CSV with real numbers, one spreadsheet sheet per table.
        var csv = PhoneKpis.ToCsv(both);
        Assert.Contains("Ligne 1 (+33150000001);10;7;1;1;1;30.0;60.0;70.0;19.7", csv, StringComparison.Ordinal);
        var xlsx = PhoneKpis.ToXlsx(both);
        var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(xlsx));
        Assert.Equal(["Lignes", "Objectifs", "Par heure", "Par jour"], sheets);
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "Lignes").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(10d, Convert.ToDouble(rows.Single(r => ((string)r["Ligne"]).StartsWith("Ligne 1", StringComparison.Ordinal))["Appels présentés"], CultureInfo.InvariantCulture));

        // The staff page shows them; its exports are files; the client of contract B sees the objectives on their statistics.
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/statistiques/telephonie?du=2026-03-03&au=2026-03-04&contrat={W.B.ContractId}"));
        Assert.Contains("Décrochés en moins de 15 s", page, StringComparison.Ordinal);
        Assert.Contains("65,0 %", page, StringComparison.Ordinal);
        var file = await admin.GetAsync($"/statistiques/telephonie?handler=xlsx&du=2026-03-03&au=2026-03-04&contrat={W.B.ContractId}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["Lignes", "Objectifs", "Par heure", "Par jour"], MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(await file.Content.ReadAsByteArrayAsync())));
        var agent = await Portal.PortalClient.SignInAsync(app, W.AgentA.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/statistiques/telephonie?contrat={W.B.ContractId}")).StatusCode);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == W.B.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var client = await Portal.PortalClient.SignInAsync(app, W.B.Referent.Email);
        var statistics = WebUtility.HtmlDecode(await client.GetStringAsync("/statistiques?du=2026-03-03&au=2026-03-04"));
        Assert.Contains("Support téléphonique", statistics, StringComparison.Ordinal);
        Assert.Contains("✗ non atteint", statistics, StringComparison.Ordinal);
    }
}

public sealed class SqliteCallRecordTests(SqliteApp app) : CallRecordTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCallRecordTests(PostgresApp app) : CallRecordTests(app), IClassFixture<PostgresApp>
{
    protected override int BulkCalls => 20_000;
}

/// <summary>Unsuccessful calls reported by mail to the organisation [LS 2.1], through the real SMTP test server.</summary>
public abstract class UnsuccessfulCallMailTests(GuichetApp app)
{
    private World W => app.World;

    [Fact]
    public async Task An_unsuccessful_call_is_mailed_once_to_the_referents_when_the_job_runs_twice()
    {
        var token = await CallTestData.TelephonyTokenAsync(app);
        await CallTestData.LineAsync(app, W.A.ContractId, "01 40 00 00 09", "Ligne S²LOW");
        await CallTestData.LineAsync(app, W.B.ContractId, "01 50 00 00 09", "Ligne ATEXO");
        await CallTestData.PhoneAsync(app, W.A.Simple.Id, "06 11 22 33 44");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == W.A.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var now = app.Clock.GetCurrentInstant();
        object Call(string id, string line, string outcome, Instant offered) => new
        {
            callId = id,
            callerNumber = "06 11 22 33 44",
            calledLine = line,
            offeredAt = CallTestData.Iso(offered),
            answeredAt = outcome == "answered" ? CallTestData.Iso(offered + Duration.FromSeconds(8)) : null,
            endedAt = CallTestData.Iso(offered + Duration.FromMinutes(1)),
            outcome,
        };
        // LS reports (abandoned: told; answered: not); AT does not; an LS call older than the window is not told.
        foreach (var body in new[]
        {
            Call("mail-abandoned", "0140000009", "abandoned", now - Duration.FromMinutes(20)),
            Call("mail-answered", "0140000009", "answered", now - Duration.FromMinutes(15)),
            Call("mail-at", "0150000009", "missed", now - Duration.FromMinutes(10)),
            Call("mail-old", "0140000009", "voicemail", now - Duration.FromDays(3)),
        })
        {
            Assert.Equal(HttpStatusCode.Created, (await app.As(token).PostJsonAsync("/api/v1/calls", body)).StatusCode);
        }

        var runs = await Task.WhenAll(RunAsync(), RunAsync());
        Assert.Equal(0, await RunAsync());
        Assert.Equal(1, runs.Sum());
        var mails = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == UnsuccessfulCallMails.Kind).ToListAsync());
        var row = Assert.Single(mails);
        Assert.Equal(W.A.Referent.Email, row.To);
        var call = await app.WithDbAsync(db => db.Set<CallRecord>().AsNoTracking().SingleAsync(c => c.CallId == "mail-abandoned"));
        Assert.NotNull(call.ReportedAt);

        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        var mail = Assert.Single(await Mail.TestSmtp.DeliveredAsync(row.Id));
        Assert.Equal(W.A.Referent.Email, Assert.Single(mail.To.Mailboxes).Address);
        Assert.StartsWith("Guichet : appel non abouti le ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("l'appelant a raccroché avant d'être pris en charge", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ligne appelée : Ligne S²LOW", mail.TextBody, StringComparison.Ordinal);

        // The next run, a day later, tells nothing more.
        app.Clock.Advance(Duration.FromDays(1));
        Assert.Equal(0, await RunAsync());
    }

    private Task<int> RunAsync() => app.WithServiceAsync<UnsuccessfulCallMails, int>(j => j.RunOnceAsync(CancellationToken.None));
}

public sealed class SqliteUnsuccessfulCallMailTests(Mail.SqliteMailApp app) : UnsuccessfulCallMailTests(app), IClassFixture<Mail.SqliteMailApp>;

public sealed class PostgresUnsuccessfulCallMailTests(Mail.PostgresMailApp app) : UnsuccessfulCallMailTests(app), IClassFixture<Mail.PostgresMailApp>;

/// <summary>French numbers as people and telephonies write them, in one form.</summary>
public class PhoneNumberTests
{
    [Theory]
    [InlineData("01 23 45 67 89", "+33123456789")]
    [InlineData("01.23.45.67.89", "+33123456789")]
    [InlineData("+33 (0)1 23 45 67 89", "+33123456789")]
    [InlineData("0033 1 23 45 67 89", "+33123456789")]
    [InlineData("33123456789", "+33123456789")]
    [InlineData("02 62 12 34 56", "+262262123456")]
    [InlineData("06 92 12 34 56", "+262692123456")]
    [InlineData("05 90 12 34 56", "+590590123456")]
    [InlineData("06 90 12 34 56", "+590690123456")]
    [InlineData("3949", "3949")]
    [InlineData("anonyme", null)]
    [InlineData("", null)]
    public void A_number_is_normalised(string text, string? expected) => Assert.Equal(expected, PhoneNumbers.Normalise(text));
}
