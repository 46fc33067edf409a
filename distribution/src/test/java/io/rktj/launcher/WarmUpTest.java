package io.rktj.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void aHeaderNamesClassesWithAnOptionalOrder() {
        List<WarmUp.Task> tasks = WarmUp.tasks(null, " a.B;order=20 , c.D, e.F$G ;order = x,, h.I;order=5");
        assertEquals(List.of("a.B", "c.D", "e.F$G", "h.I"), tasks.stream().map(WarmUp.Task::className).toList());
        assertEquals(List.of(20, WarmUp.DEFAULT_ORDER, WarmUp.DEFAULT_ORDER, 5),
                tasks.stream().map(WarmUp.Task::order).toList());
    }
}
