using System.Collections;

namespace Companion.Core.Proxy;

/// <summary>
/// A chain's rules as slots into the dump's bytes; a rule's text and <see cref="NftRule"/> are made the first time it is
/// read. Making one is pure, so two threads that race on it compute the same value.
/// </summary>
internal sealed class NftLazyRules(byte[] dump, string chain, NftTextSlot[] slots, int first, int count) : IReadOnlyList<NftRule>
{
    private NftRule?[]? _rules;

    public int Count => count;

    public NftRule this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            var rules = _rules ??= new NftRule?[count];
            if (rules[index] is { } made)
            {
                return made;
            }

            var slot = slots[first + index];
            var text = NftUtf8.Decode(dump, slot);
            return rules[index] = new NftRule(chain, slot.Line, text, NftRule.TrailingComment(text));
        }
    }

    public IEnumerator<NftRule> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
