using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime.Text;

namespace Guichet.Web;

/// <summary>
/// Calendar dates and months in API answers: <c>2026-11-01</c> and <c>2026-11</c> (ISO), typed in the response
/// records and described as such in the OpenAPI document, so that pages read the same records without parsing text.
/// </summary>
internal static class NodaTimeJson
{
    /// <summary>The API's serializer options (web defaults, camel case, with the NodaTime converters).</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new LocalDateConverter());
        options.Converters.Add(new YearMonthConverter());
        options.Converters.Add(new InstantConverter());
        return options;
    }

    public static IServiceCollection AddNodaTimeJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.Configure<OpenApiOptions>("v1", o => o.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            var format = type == typeof(LocalDate) ? "date" : type == typeof(YearMonth) ? "year-month" : type == typeof(Instant) ? "date-time" : null;
            if (format is not null)
            {
                schema.Type = JsonSchemaType.String | (type != context.JsonTypeInfo.Type ? JsonSchemaType.Null : 0);
                schema.Format = format;
                schema.Properties?.Clear();
            }

            return Task.CompletedTask;
        }));
        return services;
    }

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            LocalDatePattern.Iso.Parse(reader.GetString() ?? "").GetValueOrThrow();

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }

    /// <summary>Instants as ISO 8601 in UTC (<c>2026-04-12T22:30:00Z</c>); without it they were written as empty objects.</summary>
    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            InstantPattern.ExtendedIso.Parse(reader.GetString() ?? "") is { Success: true } parsed
                ? parsed.Value
                : throw new JsonException("Expected an ISO 8601 instant.");

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }

    private sealed class YearMonthConverter : JsonConverter<YearMonth>
    {
        public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            YearMonthPattern.Iso.Parse(reader.GetString() ?? "").GetValueOrThrow();

        public override void Write(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options) =>
            writer.WriteStringValue(YearMonthPattern.Iso.Format(value));
    }
}
