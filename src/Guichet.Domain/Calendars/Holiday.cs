using NodaTime;

namespace Guichet.Domain.Calendars;

/// <summary>A public holiday: a whole local date on which business calendars that observe it are closed.</summary>
/// <param name="Date">The local date in the territory.</param>
/// <param name="Name">The French name, e.g. "Lundi de Pâques".</param>
public readonly record struct Holiday(LocalDate Date, string Name);
