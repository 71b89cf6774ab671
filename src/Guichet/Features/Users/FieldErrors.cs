namespace Guichet.Features.Users;

/// <summary>French messages by field (camel case, as the request's properties), in the order they were found.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Reads text for a field; its error is added here.</summary>
    public string? Read(string field, string? text, int max, bool required, string what)
    {
        var (value, error) = TextInput.Read(text, max, required, what);
        if (error is not null)
        {
            Add(field, error);
        }

        return value;
    }

    public Failure ToFailure() => Failure.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
