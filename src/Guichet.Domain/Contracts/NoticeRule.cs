using System.Globalization;
using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>
/// How a client terminates a contract: a closed set of three kinds found in the seeds. A deadline is always the
/// last day (inclusive) on which the written decision may be <em>received</em>; months are added as calendar
/// months, a missing day becoming the last day of the month (31 January − 2 months = 30 November), as French
/// law counts "de date à date" delays.
/// </summary>
public abstract record NoticeRule
{
    /// <summary>The longest notice accepted, in months.</summary>
    public const int MaxMonths = 24;

    private protected NoticeRule()
    {
    }

    /// <summary>LS: 2 months before the anniversary, late letters take effect 2 months after receipt [LS 1.7, 1.9].</summary>
    public static NoticeRule Ls { get; } = new BeforeAnniversaryWithLateTermination(2, 2);

    /// <summary>MN: 2 months from the first of the month after receipt, after a minimum year [MN "Durée de l'engagement"].</summary>
    public static NoticeRule Mn { get; } = new FromFirstOfNextMonth(2, 12);

    /// <summary>AT: 3 months before each yearly anniversary [AT 3].</summary>
    public static NoticeRule At { get; } = new BeforeAnniversary(3);

    /// <summary>The notice, in months.</summary>
    public abstract int NoticeMonths { get; }

    /// <summary>French description shown on the contract page.</summary>
    public abstract string Describe();

    /// <summary>
    /// The last day a termination may be received to take effect at <paramref name="anniversary"/>, or null when the
    /// contract cannot end on that date.
    /// </summary>
    internal abstract LocalDate? DeadlineFor(LocalDate anniversary, LocalDate contractStart);

    private static int Check(int months, string name, int min = 1) => months < min || months > MaxMonths
        ? throw new ArgumentOutOfRangeException(name, months, $"A notice rule's {name} must be between {min} and {MaxMonths} months.")
        : months;

    /// <summary>
    /// (a) A written decision received at least <see cref="Months"/> months before an anniversary stops the contract
    /// on that anniversary; a later one takes effect on the following anniversary (the contract renews once more).
    /// Anniversaries are yearly, so a 2-year contract is terminable after its first year [AT 3].
    /// </summary>
    /// <param name="Months">The notice, e.g. 3.</param>
    public sealed record BeforeAnniversary(int Months) : NoticeRule
    {
        /// <summary>The notice, in months.</summary>
        public int Months { get; } = Check(Months, nameof(Months));

        /// <inheritdoc />
        public override int NoticeMonths => Months;

        /// <inheritdoc />
        public override string Describe() => $"préavis de {French.Months(Months)} avant la date anniversaire";

        internal override LocalDate? DeadlineFor(LocalDate anniversary, LocalDate contractStart) => anniversary.PlusMonths(-Months);
    }

    /// <summary>
    /// (a) with (c) LS's late termination: on time as <see cref="BeforeAnniversary"/>; a decision received after the
    /// deadline but before the anniversary takes effect <see cref="LateEffectMonths"/> months after its receipt, and
    /// the balance due from the anniversary (the renewal) to that date is invoiced [LS 1.9].
    /// </summary>
    /// <param name="Months">The notice, e.g. 2.</param>
    /// <param name="LateEffectMonths">Months after receipt when a late termination takes effect, e.g. 2.</param>
    public sealed record BeforeAnniversaryWithLateTermination(int Months, int LateEffectMonths) : NoticeRule
    {
        /// <summary>The notice, in months.</summary>
        public int Months { get; } = Check(Months, nameof(Months));

        /// <summary>Months after receipt when a late termination takes effect.</summary>
        public int LateEffectMonths { get; } = Check(LateEffectMonths, nameof(LateEffectMonths));

        /// <inheritdoc />
        public override int NoticeMonths => Months;

        /// <inheritdoc />
        public override string Describe() =>
            $"préavis de {French.Months(Months)} avant la date anniversaire ; à défaut, effet {French.Months(LateEffectMonths)} après réception avec facture du solde dû";

        internal override LocalDate? DeadlineFor(LocalDate anniversary, LocalDate contractStart) => anniversary.PlusMonths(-Months);
    }

    /// <summary>
    /// (b) The notice of <see cref="Months"/> months runs from the first day of the month following receipt; the
    /// termination cannot take effect before the end of the first <see cref="MinimumMonths"/> months of the contract
    /// (a request received earlier is kept and takes effect at that end at the earliest) [MN].
    /// </summary>
    /// <param name="Months">The notice, e.g. 2.</param>
    /// <param name="MinimumMonths">The minimum subscription from the start, e.g. 12 (0 for none).</param>
    public sealed record FromFirstOfNextMonth(int Months, int MinimumMonths) : NoticeRule
    {
        /// <summary>The notice, in months.</summary>
        public int Months { get; } = Check(Months, nameof(Months));

        /// <summary>The minimum subscription from the start of the contract, in months.</summary>
        public int MinimumMonths { get; } = MinimumMonths is < 0 or > 120
            ? throw new ArgumentOutOfRangeException(nameof(MinimumMonths), MinimumMonths, "The minimum subscription must be between 0 and 120 months.")
            : MinimumMonths;

        /// <inheritdoc />
        public override int NoticeMonths => Months;

        /// <inheritdoc />
        public override string Describe() => MinimumMonths == 0
            ? $"préavis de {French.Months(Months)} à compter du 1er du mois suivant la réception"
            : string.Create(CultureInfo.InvariantCulture, $"préavis de {French.Months(Months)} à compter du 1er du mois suivant la réception, après une période minimale de {French.Months(MinimumMonths)}");

        /// <summary>The first day of the month following <paramref name="receivedOn"/>.</summary>
        public static LocalDate NoticeStart(LocalDate receivedOn) => receivedOn.With(DateAdjusters.StartOfMonth).PlusMonths(1);

        internal override LocalDate? DeadlineFor(LocalDate anniversary, LocalDate contractStart)
        {
            if (anniversary < contractStart.PlusMonths(MinimumMonths))
            {
                return null;
            }

            // The notice must start on a first of month s with s + Months ≤ anniversary, i.e. s ≤ the first of the
            // month of (anniversary − Months); the letter must arrive in the month before s.
            return anniversary.PlusMonths(-Months).With(DateAdjusters.StartOfMonth).PlusDays(-1);
        }
    }
}
