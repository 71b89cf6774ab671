using Guichet.Domain.Calendars;

namespace Guichet.Domain.Tests;

public class ArchitectureTests
{
    [Fact]
    public void The_domain_references_nodatime_and_the_base_library_only()
    {
        var references = typeof(BusinessCalendar).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("NodaTime", references);
        Assert.All(references, name => Assert.True(
            name == "NodaTime" || name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard",
            $"Guichet.Domain must stay pure but references {name}."));
        Assert.DoesNotContain(references, name => name.Contains("EntityFramework", StringComparison.Ordinal) || name.Contains("AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void The_domain_does_not_read_the_system_clock()
    {
        var root = FindRepositoryRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src", "Guichet.Domain"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f) is var text
                && (text.Contains("DateTime.Now", StringComparison.Ordinal) || text.Contains("DateTime.UtcNow", StringComparison.Ordinal)
                    || text.Contains("SystemClock", StringComparison.Ordinal) || text.Contains("DateTimeOffset.Now", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(offenders);
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Guichet.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Guichet.slnx not found above the test directory.");
    }
}
