namespace Guichet.Web;

/// <summary>
/// ProblemDetails responses with a stable <c>code</c> a client can act on. Titles are French: they may be shown
/// to users as they are.
/// </summary>
internal static class Problems
{
    public static IResult NotFound(string what = "ressource") =>
        Problem(StatusCodes.Status404NotFound, "not_found", $"{Capitalise(what)} introuvable.");

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "Certaines valeurs sont invalides.", extensions: Code("validation_failed"));

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Conflict(string code, string detail) => Problem(StatusCodes.Status409Conflict, code, detail);

    public static IResult PreconditionFailed(string detail) => Problem(StatusCodes.Status412PreconditionFailed, "version_mismatch", detail);

    public static IResult Forbidden(string code, string detail) => Problem(StatusCodes.Status403Forbidden, code, detail);

    public static IResult Problem(int status, string code, string title, string? detail = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail, extensions: Code(code));

    private static Dictionary<string, object?> Code(string code) => new() { ["code"] = code };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
