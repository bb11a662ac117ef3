namespace Companion.Lab.Tests;

/// <summary>Tests that build real labs run one after another: they share the kernel and two CPU cores.</summary>
[CollectionDefinition("lab (root)", DisableParallelization = true)]
public sealed class LabCollection;
