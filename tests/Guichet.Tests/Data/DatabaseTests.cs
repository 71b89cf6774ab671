using Guichet.Data;
using Npgsql;

namespace Guichet.Tests.Data;

public class DatabaseTests
{
    [Fact]
    public void PostgreSQL_statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        var chosen = new NpgsqlConnectionStringBuilder(Database.WithAutoPrepare("Host=127.0.0.1;Database=guichet;Username=guichet"));
        Assert.Equal(64, chosen.MaxAutoPrepare);
        Assert.Equal(2, chosen.AutoPrepareMinUsages);
        Assert.Equal("guichet", chosen.Database);

        var kept = new NpgsqlConnectionStringBuilder(Database.WithAutoPrepare("Host=127.0.0.1;Database=guichet;Max Auto Prepare=0"));
        Assert.Equal(0, kept.MaxAutoPrepare);
    }
}
