using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MediaFarm.Services.Playback;

/// <summary>A manifest with the rungs above a max height removed, and how many video entries stayed and went.</summary>
public sealed record FilteredManifest(string Text, int VideoKept, int VideoDropped);

/// <summary>
/// Per-token master playlists and MPDs: only the rungs the token reaches are listed. An entry stays when
/// <see cref="RungScope"/> allows every path it points at — the same rule the origin applies to each
/// request, so a listed rung is always fetchable. RESOLUTION/height are not used: a portrait "720p" rung is
/// 720x1280, and the rung is what the folder says.
/// </summary>
public static partial class ManifestFilter
{
    private const string StreamInf = "#EXT-X-STREAM-INF:";
    private const string IFrameStreamInf = "#EXT-X-I-FRAME-STREAM-INF:";

    /// <summary>Drops each EXT-X-STREAM-INF with its URI line, and each EXT-X-I-FRAME-STREAM-INF, whose rung is out of reach.</summary>
    public static FilteredManifest FilterHlsMaster(string master, int maxHeight)
    {
        var lines = SplitLines(master);
        var text = new StringBuilder(master.Length);
        int kept = 0, dropped = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].TrimEnd('\r', '\n');
            if (line.StartsWith(StreamInf, StringComparison.Ordinal))
            {
                // The URI is the next line; blank lines in between are tolerated (they belong to the entry).
                int uriLine = i + 1;
                while (uriLine < lines.Count && string.IsNullOrWhiteSpace(lines[uriLine]))
                    uriLine++;
                string? uri = uriLine < lines.Count && !lines[uriLine].StartsWith('#') ? lines[uriLine].Trim() : null;
                if (uri is not null && Reachable(uri, maxHeight))
                {
                    kept++;
                    for (int j = i; j <= uriLine; j++)
                        text.Append(lines[j]);
                }
                else
                {
                    dropped++;
                }
                i = uri is null ? i : uriLine;
            }
            else if (line.StartsWith(IFrameStreamInf, StringComparison.Ordinal))
            {
                if (Attribute(line[IFrameStreamInf.Length..], "URI") is { } uri && Reachable(uri, maxHeight))
                {
                    kept++;
                    text.Append(lines[i]);
                }
                else
                {
                    dropped++;
                }
            }
            else
            {
                text.Append(lines[i]);
            }
        }
        return new FilteredManifest(text.ToString(), kept, dropped);
    }

    /// <summary>Drops video Representations whose rung is out of reach, and AdaptationSets left without any; namespaces and the rest stay.</summary>
    public static FilteredManifest FilterDash(string mpd, int maxHeight)
    {
        var doc = XDocument.Parse(mpd, LoadOptions.PreserveWhitespace);
        XNamespace ns = doc.Root?.Name.Namespace ?? XNamespace.None;
        int kept = 0, dropped = 0;
        foreach (var set in doc.Descendants(ns + "AdaptationSet").ToList())
        {
            bool removedAny = false;
            foreach (var representation in set.Elements(ns + "Representation").ToList())
            {
                if (!IsVideo(set, representation))
                    continue;
                var paths = ReferencedPaths(ns, set, representation);
                if (paths.Count > 0 && paths.All(p => Reachable(p, maxHeight)))
                {
                    kept++;
                    continue;
                }
                dropped++;
                removedAny = true;
                RemoveWithIndent(representation);
            }
            if (!removedAny)
                continue;
            var left = set.Elements(ns + "Representation").ToList();
            if (left.Count == 0)
                RemoveWithIndent(set);
            else
                ShrinkMaxSize(set, left);
        }
        // Whitespace between the declaration and the root is kept as nodes, so the layout comes back as it was.
        return new FilteredManifest($"{doc.Declaration}{doc.ToString(SaveOptions.DisableFormatting)}", kept, dropped);
    }

    private static bool Reachable(string path, int maxHeight) => RungScope.Check(path, maxHeight) == RungAccess.Allowed;

    private static bool IsVideo(XElement set, XElement representation)
    {
        string? mime = (string?)representation.Attribute("mimeType") ?? (string?)set.Attribute("mimeType");
        return (string?)set.Attribute("contentType") == "video" || (mime?.StartsWith("video/", StringComparison.Ordinal) ?? false);
    }

    /// <summary>The files a Representation points at: its SegmentTemplate (own or the set's) expanded, under its BaseURL if any.</summary>
    private static List<string> ReferencedPaths(XNamespace ns, XElement set, XElement representation)
    {
        string baseUrl = representation.Element(ns + "BaseURL")?.Value.Trim() ?? "";
        var template = representation.Element(ns + "SegmentTemplate") ?? set.Element(ns + "SegmentTemplate");
        var paths = new List<string>();
        if (template is not null)
        {
            foreach (var name in new[] { "initialization", "media" })
            {
                if ((string?)template.Attribute(name) is { Length: > 0 } pattern)
                    paths.Add(baseUrl + Expand(pattern, representation));
            }
        }
        else if (baseUrl.Length > 0)
        {
            paths.Add(baseUrl);
        }
        return paths;
    }

    /// <summary>A DASH URL template with one concrete value per identifier (ISO 23009-1 5.3.9.4.4).</summary>
    private static string Expand(string pattern, XElement representation) => TemplateIdentifier().Replace(pattern, m => m.Groups[1].Value switch
    {
        "" => "$",
        "RepresentationID" => (string?)representation.Attribute("id") ?? "",
        "Bandwidth" => (string?)representation.Attribute("bandwidth") ?? "0",
        "Number" => "1",
        "Time" => "0",
        _ => m.Value,
    });

    [GeneratedRegex(@"\$(RepresentationID|Bandwidth|Number|Time|)(?:%0\d+d)?\$")]
    private static partial Regex TemplateIdentifier();

    private static void ShrinkMaxSize(XElement set, List<XElement> representations)
    {
        foreach (var (max, size) in new[] { ("maxWidth", "width"), ("maxHeight", "height") })
        {
            if (set.Attribute(max) is null)
                continue;
            var sizes = representations.Select(r => int.TryParse((string?)r.Attribute(size), out int v) ? v : 0).Where(v => v > 0).ToList();
            if (sizes.Count > 0)
                set.SetAttributeValue(max, sizes.Max());
        }
    }

    /// <summary>Removes an element and the indentation before it, so no blank line is left.</summary>
    private static void RemoveWithIndent(XElement element)
    {
        if (element.PreviousNode is XText text && string.IsNullOrWhiteSpace(text.Value))
            text.Remove();
        element.Remove();
    }

    /// <summary>Lines with their terminators, so the kept text is byte for byte what it was.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
            lines.Add(text[start..]);
        return lines;
    }

    /// <summary>A quoted or plain attribute of an HLS attribute list (RFC 8216 4.2), commas inside quotes respected.</summary>
    private static string? Attribute(string attributes, string name)
    {
        int i = 0;
        while (i < attributes.Length)
        {
            int equals = attributes.IndexOf('=', i);
            if (equals < 0)
                return null;
            string key = attributes[i..equals].Trim();
            int valueStart = equals + 1, valueEnd;
            string value;
            if (valueStart < attributes.Length && attributes[valueStart] == '"')
            {
                int close = attributes.IndexOf('"', valueStart + 1);
                if (close < 0)
                    return null;
                value = attributes[(valueStart + 1)..close];
                valueEnd = close + 1;
            }
            else
            {
                valueEnd = attributes.IndexOf(',', valueStart);
                if (valueEnd < 0)
                    valueEnd = attributes.Length;
                value = attributes[valueStart..valueEnd];
            }
            if (key == name)
                return value;
            int comma = attributes.IndexOf(',', valueEnd);
            i = comma < 0 ? attributes.Length : comma + 1;
        }
        return null;
    }
}
