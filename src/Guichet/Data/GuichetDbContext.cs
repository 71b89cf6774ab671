using Guichet.Features.Users;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Guichet.Data;

/// <summary>
/// The database. Two subclasses exist only so that each provider has its own migrations
/// (<c>Data/Migrations/Sqlite</c>, <c>Data/Migrations/Postgres</c>); code depends on this class.
/// </summary>
internal abstract class GuichetDbContext(DbContextOptions options) : IdentityUserContext<User, Guid>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProductVersion> ProductVersions => Set<ProductVersion>();

    public DbSet<Queue> Queues => Set<Queue>();

    public DbSet<Contract> Contracts => Set<Contract>();

    public DbSet<ContractProduct> ContractProducts => Set<ContractProduct>();

    public DbSet<UserProduct> UserProducts => Set<UserProduct>();

    public DbSet<StaffOrganisation> StaffOrganisations => Set<StaffOrganisation>();

    public DbSet<StaffQueue> StaffQueues => Set<StaffQueue>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketTraceEntry> TicketEvents => Set<TicketTraceEntry>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<ContractLine> ContractLines => Set<ContractLine>();

    public DbSet<TimeBankPurchase> TimeBankPurchases => Set<TimeBankPurchase>();

    public DbSet<ContractQuota> ContractQuotas => Set<ContractQuota>();

    public DbSet<PriceIndexValue> PriceIndexValues => Set<PriceIndexValue>();

    public DbSet<ContractAlert> ContractAlerts => Set<ContractAlert>();
    public DbSet<UserRequest> UserRequests => Set<UserRequest>();

    public DbSet<UserRequestProduct> UserRequestProducts => Set<UserRequestProduct>();

    public DbSet<ClockOutcome> ClockOutcomes => Set<ClockOutcome>();

    public DbSet<ProductRelease> ProductReleases => Set<ProductRelease>();

    public DbSet<ContractPolicyVersion> ContractPolicyVersions => Set<ContractPolicyVersion>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Instant>().HaveConversion<InstantConverter>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateConverter>();
        configurationBuilder.Properties<UserKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<EventKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Visibility>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GuichetDbContext).Assembly);
    }

    /// <summary>Instants are stored as UTC date-times: timestamptz on PostgreSQL, ISO text on SQLite (sortable).</summary>
    private sealed class InstantConverter() : ValueConverter<Instant, DateTime>(
        i => i.ToDateTimeUtc(),
        d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)));

    private sealed class LocalDateConverter() : ValueConverter<LocalDate, DateOnly>(
        d => d.ToDateOnly(),
        d => LocalDate.FromDateOnly(d));
}

internal sealed class SqliteGuichetDbContext(DbContextOptions<SqliteGuichetDbContext> options) : GuichetDbContext(options);

internal sealed class PostgresGuichetDbContext(DbContextOptions<PostgresGuichetDbContext> options) : GuichetDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the SQLite context to add migrations.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGuichetDbContext>
{
    public SqliteGuichetDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGuichetDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context to add migrations (no connection is opened).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGuichetDbContext>
{
    public PostgresGuichetDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGuichetDbContext>().UseNpgsql("Host=localhost;Database=guichet_design").Options);
}
