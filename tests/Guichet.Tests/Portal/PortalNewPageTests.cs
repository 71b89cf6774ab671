using Guichet.Tests.Api;

namespace Guichet.Tests.Portal;

/// <summary>
/// The new request page (issue 15): the subject comes first, "Pour" starts on the organisation's usual queue rather
/// than the first by name, and each version names its product so the script can offer the chosen product's only.
/// </summary>
public abstract class PortalNewPageTests(GuichetApp app)
{
    private World W => app.World;

    [Fact]
    public async Task The_form_starts_with_the_subject_and_the_organisation_s_usual_queue()
    {
        var org = W.ByPreset["at"];
        var client = await PortalClient.SignInAsync(app, org.Referent.Email);

        // No request yet: nothing is chosen for the person ("Commercial" is first by name, shown first by the browser).
        var empty = await client.GetStringAsync("/demandes/nouvelle");
        Assert.DoesNotContain("selected=\"selected\">Support", empty, StringComparison.Ordinal);
        Assert.True(empty.IndexOf("id=\"Subject\"", StringComparison.Ordinal) < empty.IndexOf("id=\"ProductId\"", StringComparison.Ordinal), "the subject is not first");
        Assert.True(empty.IndexOf("id=\"Body\"", StringComparison.Ordinal) < empty.IndexOf("id=\"QueueId\"", StringComparison.Ordinal), "the description is not before the lists");
        Assert.Contains("data-versions-of=\"ProductId\"", empty, StringComparison.Ordinal);
        Assert.Contains($"data-product=\"{W.ProductId}\"", empty, StringComparison.Ordinal);

        // Two requests to "Support", one to "Commercial": "Support" is the usual queue.
        foreach (var queue in new[] { W.QueueId, W.QueueId, W.OtherQueueId })
        {
            var created = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = queue, subject = "File habituelle", body = "Texte" });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        var page = await client.GetStringAsync("/demandes/nouvelle");
        Assert.Contains($"<option value=\"{W.QueueId}\" selected=\"selected\">Support</option>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{W.OtherQueueId}\" selected=\"selected\">", page, StringComparison.Ordinal);
    }
}

public sealed class SqlitePortalNewPageTests(SqliteApp app) : PortalNewPageTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPortalNewPageTests(PostgresApp app) : PortalNewPageTests(app), IClassFixture<PostgresApp>;
