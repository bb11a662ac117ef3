namespace Companion.Fuzz.Tests.Infra;

/// <summary>
/// One thing to fuzz: real seed inputs, a dictionary of tokens the format uses, and the property check. The check throws
/// <see cref="PropertyViolation"/> when the output breaks a rule, and any other exception is a crash of the code under test.
/// </summary>
internal sealed record FuzzTarget(string Name, IReadOnlyList<string> Seeds, IReadOnlyList<string> Dictionary, Action<string> Check)
{
    /// <summary>How many of every 10 inputs are mutated seeds (the rest are generated from the dictionary).</summary>
    public int MutationShare { get; init; } = 8;

    /// <summary>A generator of whole inputs that replaces seed mutation (the CLI and magic targets generate argv).</summary>
    public CsCheck.Gen<string>? Generator { get; init; }

    /// <summary>The same generator as a plain function of a <see cref="Random"/>, for the seeded (FUZZ_SEED) mode.</summary>
    public Func<Random, string>? Make { get; init; }

    /// <summary>Run once before the clock starts (e.g. loading a kernel).</summary>
    public Action? Warmup { get; init; }

    /// <summary>Seconds per run when FUZZ_SECONDS is not set.</summary>
    public int DefaultSeconds { get; init; } = 3;

    public override string ToString() => Name;
}

/// <summary>The code under test did not throw, but its result breaks a fuzz property (e.g. a multi-line error).</summary>
/// <remarks><paramref name="key"/> identifies the kind of violation (the dedup key of crash files); default: the message up to its first ':'.</remarks>
internal sealed class PropertyViolation(string message, string? key = null) : Exception(message)
{
    public string Key { get; } = key ?? message.Split(':')[0];
}
