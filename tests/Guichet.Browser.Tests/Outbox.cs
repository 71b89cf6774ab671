namespace Guichet.Browser.Tests;

/// <summary>
/// The tests that run the outbox job and count what it sends: one at a time, or one would send the other's mail.
/// (Jobs are off on the test server; only these tests deliver mail.)
/// </summary>
[CollectionDefinition(Collection)]
public sealed class Outbox
{
    public const string Collection = "Outbox";
}
