namespace Companion.Lab;

/// <summary>One step of `lab up` or `lab down`: what is being done, and how far along it is.</summary>
public sealed record LabProgress(string Step, int Done, int Total);
