using System.Xml;
using System.Xml.Linq;

namespace AppLauncher.Core.Parsing;

/// <summary>
/// Loads an XML file a push brings (*.csproj, pom.xml) within <see cref="ParseLimits"/>: no DTD at all (so no entity
/// expansion, "billion laughs", and no external entities), no resolver, the size limit, and at most
/// <see cref="ParseLimits.MaxDepth"/> nested elements (LINQ to XML reads values recursively: deep input overflows the stack).
/// </summary>
public static class XmlLimits
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = ParseLimits.MaxFileBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>The document, or null with a message naming <paramref name="file"/>, the line and what to do.</summary>
    public static (XDocument? Document, string? Error) Load(string file, string text)
    {
        if (ParseLimits.CheckSize(file, text) is { } tooBig)
        {
            return (null, tooBig);
        }

        try
        {
            // First pass: the reader keeps no tree, so depth is checked before LINQ to XML builds one.
            using (var reader = XmlReader.Create(new StringReader(text), Settings))
            {
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.Depth >= ParseLimits.MaxDepth)
                    {
                        return (null, $"{file} nests elements more than {ParseLimits.MaxDepth} levels deep (line {((IXmlLineInfo)reader).LineNumber}); " +
                                      $"the limit is {ParseLimits.MaxDepth}: flatten the structure");
                    }
                }
            }

            using var loader = XmlReader.Create(new StringReader(text), Settings);
            return (XDocument.Load(loader, LoadOptions.SetLineInfo), null);
        }
        catch (XmlException e)
        {
            var doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
            if (doctype >= 0)
            {
                // The reader says only "DTD is prohibited" at line 0; say where and why.
                return (null, $"{file} declares a DTD (<!DOCTYPE …>, line {text.AsSpan(0, doctype).Count('\n') + 1}): " +
                              "DTDs and entities are refused in project files (they can expand without bound or read other files); remove the <!DOCTYPE> and write the values out");
            }

            return (null, $"{file} is not valid XML (line {e.LineNumber}): {e.Message}");
        }
    }
}
