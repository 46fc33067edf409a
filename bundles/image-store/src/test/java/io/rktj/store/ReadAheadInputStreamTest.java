package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    @Test
    void deliversEveryByteInOrderThenRunsAfterEndBeforeTheEnd() throws IOException {
        byte[] data = new byte[3_000_001];
        new Random(7).nextBytes(data);
        AtomicBoolean afterEnd = new AtomicBoolean();
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), () -> afterEnd.set(true), "t")) {
            byte[] head = in.readNBytes(10);
            assertEquals(data[0] & 0xff, head[0] & 0xff);
            assertEquals(1000, in.skip(1000));
            byte[] rest = in.readAllBytes();
            assertTrue(afterEnd.get(), "afterEnd ran before the consumer saw the end");
            byte[] all = new byte[head.length + 1000 + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(data, 10, all, 10, 1000);
            System.arraycopy(rest, 0, all, 1010, rest.length);
            assertArrayEquals(data, all);
            assertEquals(-1, in.read());
        }
    }

    @Test
    void anErrorOfTheSourceReachesTheConsumerAfterTheBytesBeforeIt() throws IOException {
        InputStream failing = new InputStream() {
            private int left = 1000;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw new IOException("digest mismatch");
            }
        };
        try (InputStream in = new ReadAheadInputStream(failing, () -> { }, "t")) {
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertEquals("digest mismatch", e.getMessage());
        }
    }

    @Test
    void anErrorAfterTheEndIsReported() throws IOException {
        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(new byte[10]),
                () -> { throw new IOException("trailing bytes are bad"); }, "t")) {
            assertEquals(10, in.readNBytes(10).length);
            IOException e = assertThrows(IOException.class, in::read);
            assertEquals("trailing bytes are bad", e.getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheSourceThread() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reads.incrementAndGet();
                return len;
            }
        };
        AtomicBoolean afterEnd = new AtomicBoolean();
        InputStream in = new ReadAheadInputStream(endless, () -> afterEnd.set(true), "t");
        in.read(new byte[100]);
        in.close(); // returns only once the thread has stopped
        int seen = reads.get();
        Thread.sleep(50);
        assertEquals(seen, reads.get(), "the source is not read after close");
        assertFalse(afterEnd.get());
    }
}
