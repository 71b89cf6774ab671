using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Guichet.Web.Pages;

/// <summary>
/// A page's non-nullable <c>string</c> (property or handler parameter) bound from an empty field or <c>?tri=</c> gets
/// "" rather than null: the page's code, and the compiler, then hold it never null, and an address typed with empty
/// values cannot end in a NullReferenceException (a missing value keeps the property's default).
/// </summary>
internal sealed class NonNullableText : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.ModelType != typeof(string))
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        var state = context.Key.MetadataKind switch
        {
            ModelMetadataKind.Property when context.Key.PropertyInfo is { } property => nullability.Create(property).WriteState,
            ModelMetadataKind.Parameter when context.Key.ParameterInfo is { } parameter => nullability.Create(parameter).WriteState,
            _ => NullabilityState.Unknown,
        };
        if (state == NullabilityState.NotNull)
        {
            context.DisplayMetadata.ConvertEmptyStringToNull = false;
        }
    }
}
