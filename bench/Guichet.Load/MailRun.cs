using System.CommandLine;
using System.Diagnostics;
using Guichet.Data;
using Guichet.Features.Mail.Inbound;
using Guichet.Features.Notifications;
using Guichet.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace Guichet.Load;

/// <summary>
/// Inbound mail and notification fan-out (issue 14), in process on a fresh database: a burst of <c>--mails</c> mails
/// (new requests and replies, some with quoted history, HTML or an attachment) parsed, matched and filed one after
/// the other by the application's filer, then the same burst again (every one a duplicate), then the notification
/// dispatcher over every event they made. Checks that none was lost or filed twice.
/// </summary>
internal static class MailRun
{
    public static Command Create(Option<string> data, Option<string> postgres)
    {
        var mails = new Option<int>("--mails") { Description = "Mails in the burst.", DefaultValueFactory = _ => 1_000 };
        var users = new Option<int>("--users") { Description = "Client users sending them.", DefaultValueFactory = _ => 50 };
        var commit = new Option<string>("--commit") { Description = "The commit measured, printed with the date." };
        var command = new Command("mail", "Inbound mails filed per second and notification fan-out per ticket event, on a fresh database (replaces <data>/guichet.db).")
        {
            data, postgres, mails, users, commit,
        };
        command.SetAction(async (parse, ct) => await RunAsync(BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres)), parse.GetValue(mails), parse.GetValue(users), parse.GetValue(commit), Console.Out, ct));
        return command;
    }

    private static async Task<int> RunAsync(BenchTarget target, int count, int userCount, string? commit, TextWriter output, CancellationToken ct)
    {
        if (!target.IsPostgres)
        {
            Directory.CreateDirectory(target.DataDirectory);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(target.SqlitePath + suffix);
            }
        }

        List<string> args =
        [
            $"--Guichet:DataDirectory={target.DataDirectory}", "--Jobs:Enabled=false",
            "--Guichet:Mail:ReplyAddress=support@bench.example", "--Guichet:Mail:From=guichet@bench.example",
            "--Guichet:Mail:Inbound:Mailboxes:0:Name=bench", "--Guichet:Mail:Inbound:Mailboxes:0:Host=127.0.0.1",
            "--Guichet:Mail:Inbound:Mailboxes:0:Product=Produit", "--Guichet:Mail:Inbound:Mailboxes:0:Queue=Support",
            "--Guichet:Mail:Inbound:TicketsPerSenderPerHour=1000000", "--Logging:LogLevel:Default=Warning",
        ];
        if (target.IsPostgres)
        {
            args.Add($"--ConnectionStrings:Guichet={target.Postgres}");
        }

        await using var app = GuichetWeb.Build([.. args]);
        var mailbox = app.Services.GetRequiredService<IOptions<InboundOptions>>().Value.Mailboxes[0];
        var senders = new List<string>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
            await Database.MigrateAsync(db, ct);
            var now = SystemClock.Instance.GetCurrentInstant();
            var product = new Product { Name = "Produit" };
            var organisation = new Organisation { Name = "Commune de banc d'essai", Siret = "00000000000001" };
            db.AddRange(product, new Queue { Name = "Support" }, organisation);
            db.Add(new Contract { OrganisationId = organisation.Id, Name = "ls", PresetId = "ls", StartsOn = new LocalDate(2026, 1, 1), Products = [new() { ProductId = product.Id }] });
            await db.SaveChangesAsync(ct);
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            for (var i = 0; i < userCount; i++)
            {
                var email = $"agent{i}@commune.example";
                var user = new User { UserName = email, Email = email, DisplayName = $"Agent {i}", Kind = UserKind.Client, OrganisationId = organisation.Id, CreatedAt = now, PasswordChangedAt = now };
                var created = await manager.CreateAsync(user);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
                }

                db.UserProducts.Add(new UserProduct { UserId = user.Id, ProductId = product.Id });
                senders.Add(email);
            }

            var staff = new User { UserName = "equipe@bench.example", Email = "equipe@bench.example", DisplayName = "Équipe", Kind = UserKind.Staff, Roles = StaffRoles.Agent, CreatedAt = now, PasswordChangedAt = now };
            await manager.CreateAsync(staff);
            db.StaffOrganisations.Add(new StaffOrganisation { UserId = staff.Id, OrganisationId = organisation.Id });
            await db.SaveChangesAsync(ct);
        }

        // The burst: two mails in five open a request, the others answer an earlier one (by subject reference or by
        // thread); one in four has quoted history, one in five is HTML only, one in ten carries a small PDF.
        var random = new Random(2026);
        var raws = new List<byte[]>();
        var opened = 0;
        for (var i = 0; i < count; i++)
        {
            var sender = senders[random.Next(senders.Count)];
            var reply = opened > 0 && random.Next(5) >= 2;
            var message = new MimeMessage { MessageId = $"bench-{i}-{Guid.NewGuid():N}@commune.example", Date = DateTimeOffset.UtcNow };
            message.From.Add(MailboxAddress.Parse(sender));
            message.To.Add(MailboxAddress.Parse("support@bench.example"));
            var text = $"Bonjour,\n\nMessage {i} : le module de saisie refuse l'enregistrement de la pièce n° {random.Next(1000, 9999)}.\n\nCordialement,\n{sender}";
            if (reply)
            {
                var number = random.Next(1, opened + 1);
                message.Subject = $"RE: [{Data.Ticket.FormatReference(number)}] Demande";
                if (random.Next(2) == 0)
                {
                    message.InReplyTo = $"{Data.Ticket.FormatReference(number)}@bench.example";
                }

                if (random.Next(4) == 0)
                {
                    text += "\n\nLe lun. 13 avr. 2026 à 10:00, Guichet <guichet@bench.example> a écrit :\n> Pouvez-vous préciser ?\n> Merci.";
                }
            }
            else
            {
                opened++;
                message.Subject = $"Saisie impossible {i}";
            }

            MimeEntity body = random.Next(5) == 0
                ? new TextPart("html") { Text = "<html><body><p>" + System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal) + "</p></body></html>" }
                : new TextPart("plain") { Text = text };
            if (random.Next(10) == 0)
            {
                body = new Multipart("mixed")
                {
                    body,
                    new MimePart("application", "pdf") { FileName = $"piece-{i}.pdf", Content = new MimeContent(new MemoryStream(new byte[20_000])), ContentDisposition = new ContentDisposition(ContentDisposition.Attachment), ContentTransferEncoding = ContentEncoding.Base64 },
                };
            }

            message.Body = body;
            using var stream = new MemoryStream();
            await message.WriteToAsync(stream, ct);
            raws.Add(stream.ToArray());
        }

        async Task<(double Seconds, List<double> Samples, Dictionary<InboundStatus, int> Statuses, int Duplicates)> FileAllAsync()
        {
            var samples = new List<double>();
            var statuses = new Dictionary<InboundStatus, int>();
            var duplicates = 0;
            var total = Stopwatch.StartNew();
            foreach (var chunk in raws.Chunk(100))
            {
                await using var scope = app.Services.CreateAsyncScope();
                var filer = scope.ServiceProvider.GetRequiredService<InboundFiler>();
                foreach (var raw in chunk)
                {
                    var watch = Stopwatch.StartNew();
                    using var stream = new MemoryStream(raw);
                    var message = await MimeMessage.LoadAsync(stream, ct);
                    var filing = await filer.FileAsync(mailbox, message, raw, ct);
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                    duplicates += filing.Duplicate ? 1 : 0;
                    if (!filing.Duplicate)
                    {
                        statuses[filing.Status] = statuses.GetValueOrDefault(filing.Status) + 1;
                    }
                }
            }

            samples.Sort();
            return (total.Elapsed.TotalSeconds, samples, statuses, duplicates);
        }

        static double P(List<double> s, double p) => s[Math.Min(s.Count - 1, (int)Math.Ceiling(p * s.Count) - 1)];
        await output.WriteLineAsync($"{target.Describe}: {count:N0} mails ({opened} new requests), {userCount} senders; commit {commit ?? "?"}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        var first = await FileAllAsync();
        await output.WriteLineAsync($"burst      {count / first.Seconds,8:F1} mails/s  p50={P(first.Samples, 0.5):F2} ms  p95={P(first.Samples, 0.95):F2} ms  max={first.Samples[^1]:F2} ms  ({string.Join(", ", first.Statuses.Select(s => $"{s.Key}: {s.Value}"))})");
        var again = await FileAllAsync();
        await output.WriteLineAsync($"again      {count / again.Seconds,8:F1} mails/s  p50={P(again.Samples, 0.5):F2} ms  p95={P(again.Samples, 0.95):F2} ms  (duplicates seen: {again.Duplicates})");

        int tickets, rows, filed, messages;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
            tickets = await db.Tickets.CountAsync(ct);
            rows = await db.Set<InboundMail>().CountAsync(ct);
            filed = await db.Set<InboundMail>().CountAsync(m => m.Status == InboundStatus.Filed, ct);
            messages = await db.TicketEvents.CountAsync(e => e.Kind == Data.EventKind.Message, ct);
        }

        var replies = count - opened;
        var ok = tickets == opened && rows == count && filed == count && messages == replies && again.Duplicates == count;
        await output.WriteLineAsync($"check      tickets {tickets} (expected {opened}), mail rows {rows} (expected {count}), filed {filed}, client messages {messages} (expected {replies}), duplicates on the second pass {again.Duplicates} (expected {count}): {(ok ? "none lost, none filed twice" : "MISMATCH")}");

        // Fan-out: every event of the burst told (acknowledgements, team notices, client replies).
        var notices = 0;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            notices = await scope.ServiceProvider.GetRequiredService<GuichetDbContext>().Set<TicketNotice>().CountAsync(ct);
        }

        var fanOut = Stopwatch.StartNew();
        var written = 0;
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var n = await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().RunOnceAsync(ct);
            await using var check = app.Services.CreateAsyncScope();
            written += n;
            if (!await check.ServiceProvider.GetRequiredService<GuichetDbContext>().Set<TicketNotice>().AnyAsync(ct))
            {
                break;
            }
        }

        await output.WriteLineAsync($"fan-out    {notices} ticket events -> {written} mails in {fanOut.Elapsed.TotalSeconds:F2} s: {fanOut.Elapsed.TotalMilliseconds / Math.Max(1, notices):F2} ms per event, {(double)written / Math.Max(1, notices):F2} mails per event");
        return ok ? 0 : 1;
    }
}
