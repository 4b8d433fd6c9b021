using System.Buffers;
using System.Text;

namespace Indicators.Api.Storage;

/// <summary>One string per distinct text of a read, looked up without making a string when the text was seen before.</summary>
internal sealed class SharedTexts
{
    /// <summary>Beyond this many distinct texts the rest are not kept (a read of free text would only grow the table).</summary>
    private const int MaxTexts = 1 << 18;

    /// <summary>Texts up to this many bytes are decoded on the stack.</summary>
    private const int StackBytes = 256;

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public SharedTexts() => _byChars = _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Share(string text)
    {
        if (_texts.TryGetValue(text, out var shared)) return shared;
        if (_texts.Count < MaxTexts) _texts[text] = text;
        return text;
    }

    public string Share(ReadOnlySpan<byte> utf8)
    {
        char[]? rented = null;
        var buffer = utf8.Length <= StackBytes ? stackalloc char[StackBytes] : rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var chars = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
            if (_byChars.TryGetValue(chars, out var shared)) return shared;
            var text = new string(chars);
            if (_texts.Count < MaxTexts) _texts[text] = text;
            return text;
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }
}
