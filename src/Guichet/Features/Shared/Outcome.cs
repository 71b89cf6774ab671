namespace Guichet.Features;

/// <summary>Why a use case did not do what was asked. Each kind maps to one HTTP status on the API.</summary>
internal enum FailureKind
{
    /// <summary>The thing does not exist or the caller may not see it (both look the same).</summary>
    NotFound,

    /// <summary>The caller sees the thing but their role may not do this.</summary>
    Forbidden,

    /// <summary>The request contradicts the current state (a rule of the workflow, a duplicate).</summary>
    Conflict,

    /// <summary>The caller's copy is stale (concurrency token or version mismatch).</summary>
    PreconditionFailed,

    /// <summary>Some values are invalid; <see cref="Failure.Errors"/> names the fields.</summary>
    Invalid,

    /// <summary>A limit was reached; the caller may try again later.</summary>
    TooMany,

    /// <summary>What was sent is larger than allowed (a file over the size limit).</summary>
    TooLarge,

    /// <summary>A storage quota is full: nothing was recorded.</summary>
    QuotaExceeded,
}

/// <summary>
/// A use case's refusal, knowing nothing of HTTP: a kind, a stable code a client can act on, a French title
/// that may be shown as it is, and for <see cref="FailureKind.Invalid"/> the French messages by field (fields
/// named as the request's properties, camel case).
/// </summary>
internal sealed record Failure(FailureKind Kind, string Code, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public const string InvalidTitle = "Certaines valeurs sont invalides.";

    public static Failure NotFound(string what = "ressource") => new(FailureKind.NotFound, "not_found", $"{Capitalise(what)} introuvable.");

    public static Failure Forbidden(string code, string title) => new(FailureKind.Forbidden, code, title);

    public static Failure Conflict(string code, string title) => new(FailureKind.Conflict, code, title);

    public static Failure PreconditionFailed(string title) => new(FailureKind.PreconditionFailed, "version_mismatch", title);

    public static Failure TooMany(string code, string title) => new(FailureKind.TooMany, code, title);

    public static Failure TooLarge(string code, string title) => new(FailureKind.TooLarge, code, title);

    public static Failure QuotaExceeded(string code, string title) => new(FailureKind.QuotaExceeded, code, title);

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) => new(FailureKind.Invalid, "validation_failed", InvalidTitle, Errors: errors);

    public static Failure Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The messages as one French sentence (the title, the detail, then each field's messages).</summary>
    public string Describe() =>
        string.Join(" ", new[] { Kind == FailureKind.Invalid ? null : Title, Detail }
            .Concat(Errors?.Values.SelectMany(m => m) ?? [])
            .Where(t => !string.IsNullOrEmpty(t)));

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>Nothing to return: the use case did what was asked.</summary>
internal readonly record struct Done
{
    public static readonly Done Value;
}

/// <summary>
/// What a use case answers: a value, or a <see cref="Failure"/>. The API maps it once to typed results and
/// ProblemDetails (<c>Web/OutcomeHttp.cs</c>), the pages once to their form's errors
/// (<c>Web/Pages/OutcomePages.cs</c>); inbound mail, the command line and jobs read it directly.
/// </summary>
internal readonly struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public Failure? Failure { get; }

    public bool IsOk => Failure is null;

    /// <summary>The value of a success; throws on a failure (check <see cref="IsOk"/> or use <see cref="TryGet"/>).</summary>
    public T Value => Failure is null ? _value! : throw new InvalidOperationException($"The use case failed: {Failure.Code}.");

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));

    public bool TryGet(out T result, out Failure failure)
    {
        result = _value!;
        failure = Failure!;
        return Failure is null;
    }

    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) => Failure is null ? map(_value!) : Failure;
}
