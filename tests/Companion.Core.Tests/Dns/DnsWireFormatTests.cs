using CsCheck;
using Companion.Core.Dns;

namespace Companion.Core.Tests.Dns;

/// <summary>The probe's DNS message codec (the real-server round trips are in Companion.Cluster.Tests).</summary>
public sealed class DnsWireFormatTests
{
    private static byte[] Query(string name, DnsRecordType type, ushort id = 0x1234)
    {
        var buffer = new byte[DnsWireFormat.MaxUdpSize];
        var length = DnsWireFormat.WriteQuery(buffer, id, name, type);
        return buffer[..length];
    }

    /// <summary>A response to <paramref name="query"/>: header flags, then the echoed question, then the given records.</summary>
    private static byte[] Response(byte[] query, int rcode, params byte[][] records)
    {
        var r = new List<byte>(query);
        r[2] = (byte)(0x80 | (query[2] & 0x01));
        r[3] = (byte)(0x80 | rcode);
        r[7] = (byte)records.Length;
        foreach (var record in records)
        {
            r.AddRange(record);
        }

        return [.. r];
    }

    /// <summary>A record whose owner is a pointer to the question name (offset 12).</summary>
    private static byte[] Record(ushort type, params byte[] data) =>
        [0xC0, 0x0C, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 30, (byte)(data.Length >> 8), (byte)data.Length, .. data];

    public sealed class Writing
    {
        [Fact]
        public void a_query_has_the_id_rd_one_question_and_the_labels()
        {
            // Given / When
            var q = Query("web.demo", DnsRecordType.AAAA, 0xBEEF);

            // Then
            q.Should().Equal(0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                3, (byte)'w', (byte)'e', (byte)'b', 4, (byte)'d', (byte)'e', (byte)'m', (byte)'o', 0, 0, 28, 0, 1);
        }

        [Fact]
        public void a_trailing_dot_and_no_trailing_dot_write_the_same_query()
        {
            // Given / When / Then
            Query("web.demo.", DnsRecordType.A).Should().Equal(Query("web.demo", DnsRecordType.A));
        }

        [Theory]
        [InlineData("a..b")]
        [InlineData(".")]
        public void an_empty_label_cannot_be_written_but_the_root_alone_can(string name)
        {
            // Given
            var buffer = new byte[DnsWireFormat.MaxUdpSize];

            // When
            var length = DnsWireFormat.WriteQuery(buffer, 1, name, DnsRecordType.A);

            // Then the root "." is one zero byte; "a..b" has an empty label
            (length > 0).Should().Be(name == ".");
        }

        [Fact]
        public void a_label_over_63_bytes_cannot_be_written()
        {
            // Given / When
            var length = DnsWireFormat.WriteQuery(new byte[DnsWireFormat.MaxUdpSize], 1, new string('a', 64) + ".test", DnsRecordType.A);

            // Then
            length.Should().Be(-1);
        }
    }

    public sealed class Reading
    {
        [Fact]
        public void an_a_answer_after_a_cname_gives_only_the_address()
        {
            // Given a CNAME to "x.test" (labels, not a pointer) and an A record
            var q = Query("web.test", DnsRecordType.A);
            var cname = Record(5, 1, (byte)'x', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0);
            var r = Response(q, 0, cname, Record(1, 10, 96, 0, 10));

            // When
            var answer = DnsWireFormat.ReadResponse(r, q, DnsRecordType.A);

            // Then
            answer.Should().Be(new DnsWireAnswer(0, false, answer!.Answers));
            answer.Answers.Should().Equal("10.96.0.10");
        }

        [Fact]
        public void aaaa_srv_txt_and_cname_answers_are_formatted_as_text()
        {
            // Given
            var aaaa = Query("api.test", DnsRecordType.AAAA);
            var srv = Query("_http._tcp.web.test", DnsRecordType.SRV);
            var txt = Query("web.test", DnsRecordType.TXT);
            var cname = Query("alias.test", DnsRecordType.CNAME);

            // When
            var a6 = DnsWireFormat.ReadResponse(Response(aaaa, 0, Record(28, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11)), aaaa, DnsRecordType.AAAA);
            // SRV target is a pointer into the question: "web.test" starts at offset 12 + 6 + 5 = 23
            var s = DnsWireFormat.ReadResponse(Response(srv, 0, Record(33, 0, 10, 0, 100, 0, 80, 0xC0, 23)), srv, DnsRecordType.SRV);
            var t = DnsWireFormat.ReadResponse(Response(txt, 0, Record(16, 3, (byte)'a', (byte)'b', (byte)'c', 2, (byte)'d', (byte)'e')), txt, DnsRecordType.TXT);
            var c = DnsWireFormat.ReadResponse(Response(cname, 0, Record(5, 3, (byte)'w', (byte)'e', (byte)'b', 0xC0, 18)), cname, DnsRecordType.CNAME);

            // Then
            a6!.Answers.Should().Equal("fd00::11");
            s!.Answers.Should().Equal("10 100 80 web.test");
            t!.Answers.Should().Equal("abcde");
            c!.Answers.Should().Equal("web.test");
        }

        [Fact]
        public void nxdomain_has_its_rcode_and_no_answers()
        {
            // Given
            var q = Query("missing.test", DnsRecordType.A);

            // When
            var answer = DnsWireFormat.ReadResponse(Response(q, 3), q, DnsRecordType.A);

            // Then
            answer!.Rcode.Should().Be(3);
            answer.Answers.Should().BeEmpty();
            DnsRcode.Outcome(answer.Rcode, 0).Should().Be(DnsOutcome.NxDomain);
            DnsRcode.Name(answer.Rcode).Should().Be("NXDOMAIN");
        }

        [Fact]
        public void the_question_matches_whatever_the_letter_case()
        {
            // Given a server that echoes the name in upper case (0x20 randomisation)
            var q = Query("web.test", DnsRecordType.A);
            var r = Response(q, 0, Record(1, 1, 2, 3, 4));
            for (var i = 12; i < q.Length - 4; i++)
            {
                r[i] = r[i] is >= (byte)'a' and <= (byte)'z' ? (byte)(r[i] - 32) : r[i];
            }

            // When / Then
            DnsWireFormat.ReadResponse(r, q, DnsRecordType.A)!.Answers.Should().Equal("1.2.3.4");
        }

        [Fact]
        public void another_id_a_query_or_another_question_is_not_the_answer()
        {
            // Given
            var q = Query("web.test", DnsRecordType.A, 7);
            var otherId = Response(Query("web.test", DnsRecordType.A, 8), 0, Record(1, 1, 2, 3, 4));
            var otherName = Response(Query("wex.test", DnsRecordType.A, 7), 0, Record(1, 1, 2, 3, 4));
            var otherType = Response(Query("web.test", DnsRecordType.AAAA, 7), 0);

            // When / Then
            DnsWireFormat.ReadResponse(otherId, q, DnsRecordType.A).Should().BeNull();
            DnsWireFormat.ReadResponse(otherName, q, DnsRecordType.A).Should().BeNull();
            DnsWireFormat.ReadResponse(otherType, q, DnsRecordType.A).Should().BeNull();
            DnsWireFormat.ReadResponse(q, q, DnsRecordType.A).Should().BeNull();
            DnsWireFormat.ReadResponse(q.AsSpan(0, 11), q, DnsRecordType.A).Should().BeNull();
        }

        [Theory]
        [InlineData(new byte[0])]
        [InlineData(new byte[] { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 })]
        [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 7, (byte)'b' })]
        public void an_empty_message_a_bare_query_header_or_a_question_cut_short_is_null_not_an_exception(byte[] message)
        {
            // Given the query the messages would answer (same id)
            var q = Query("backend.test", DnsRecordType.A, 0x1234);

            // When
            var answer = DnsWireFormat.ReadResponse(message, q, DnsRecordType.A);

            // Then
            answer.Should().BeNull();
        }

        [Fact]
        public void tc_is_reported_and_a_record_cut_short_is_malformed()
        {
            // Given
            var q = Query("web.test", DnsRecordType.A);
            var truncated = Response(q, 0);
            truncated[2] |= 0x02;
            var cut = Response(q, 0, Record(1, 1, 2, 3, 4))[..^2];

            // When / Then
            DnsWireFormat.ReadResponse(truncated, q, DnsRecordType.A)!.Truncated.Should().BeTrue();
            DnsWireFormat.ReadResponse(cut, q, DnsRecordType.A)!.Malformed.Should().BeTrue();
        }

        [Fact]
        public void a_compression_loop_is_malformed_not_a_hang()
        {
            // Given a CNAME whose name points at itself
            var q = Query("web.test", DnsRecordType.CNAME);
            var at = q.Length + 12;
            var r = Response(q, 0, Record(5, 0xC0, (byte)at));

            // When / Then
            DnsWireFormat.ReadResponse(r, q, DnsRecordType.CNAME)!.Malformed.Should().BeTrue();
        }

        [Fact]
        public void random_bytes_after_a_matching_header_and_question_never_throw()
        {
            // Given
            var q = Query("web.test", DnsRecordType.SRV);
            var header = Response(q, 0);

            // When / Then
            Gen.Select(Gen.Byte.Array[0, 300], Gen.Byte).Sample((tail, count) =>
            {
                var r = header.Concat(tail).ToArray();
                r[7] = count;
                foreach (var type in Enum.GetValues<DnsRecordType>())
                {
                    _ = DnsWireFormat.ReadResponse(r, q, type);
                }
            }, iter: 2000);
        }
    }
}
