namespace Companion.Core.Dns;

/// <summary>The record types the companion asks for.</summary>
public enum DnsRecordType
{
    A,
    AAAA,
    SRV,
    PTR,
    CNAME,
    TXT,
}
