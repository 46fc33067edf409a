package io.rktj.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;

/** Golden strings worked out from rkt's list.go / status.go and Go's tabwriter rules. */
class PodOutputTest {

    @Test
    void shortTable() {
        String expected = ""
                + "UUID\t\tAPP\tIMAGE NAME\t\tSTATE\tCREATED\t\tSTARTED\t\tNETWORKS\n"
                + "5bc080ca\tredis\tredis\t\t\trunning\t2 minutes ago\t41 seconds ago\tdefault:ip4=172.16.28.7\n"
                + "\t\tetcd\tcoreos.com/etcd:v2.0.9\t\t\t\t\t\t\n"
                + "3089337c\tnginx\tnginx\t\t\texited\t9 minutes ago\t2 minutes ago\t\n";
        assertEquals(expected, new PodTable(false, Pods.NOW, ZoneOffset.UTC).format(List.of(Pods.running(), Pods.exited()), true));
    }

    @Test
    void shortTableWithoutLegendAndAPodWithoutApps() {
        String expected = "66ceb509\t-\t-\tprepared\t2 minutes ago\t\t\n";
        assertEquals(expected, new PodTable(false, Pods.NOW, ZoneOffset.UTC).format(List.of(Pods.prepared()), false));
    }

    @Test
    void fullTable() {
        PodInfo r = Pods.running();
        PodInfo pod = new PodInfo(r.uuid(), r.state(), r.apps(), r.networks(), Instant.parse("2016-01-25T16:42:32.563Z"),
                Instant.parse("2016-01-25T16:44:05.100Z"), null, r.pid(), r.flavor());
        String expected = ""
                + "UUID\t\t\t\t\tAPP\tIMAGE NAME\t\tIMAGE ID\t\tSTATE\tCREATED\t\t\t\t\tSTARTED\t\t\t\tNETWORKS\n"
                + "5bc080ca-9e03-480d-b705-5928af396cc5\tredis\tredis\t\t\tsha512-91e98d7f1679\trunning\t"
                + "2016-01-25 16:42:32.563 +0000 UTC\t2016-01-25 16:44:05.1 +0000 UTC\tdefault:ip4=172.16.28.7\n"
                + "\t\t\t\t\tetcd\tcoreos.com/etcd:v2.0.9\tsha512-a03f6bad952b\t\t\t\t\t\t\t\t\t\t\t\n";
        assertEquals(expected, new PodTable(true, Pods.NOW, ZoneOffset.UTC).format(List.of(pod), true));
    }

    @Test
    void statusOfAnExitedPod() {
        String expected = ""
                + "state=exited\n"
                + "created=2016-01-25 16:36:00 +0000 UTC\n"
                + "started=2016-01-25 16:43:00 +0000 UTC\n"
                + "networks=\n"
                + "exited=true\n"
                + "app-nginx=2\n";
        assertEquals(expected, PodStatusText.format(Pods.exited(), ZoneOffset.UTC));
    }

    @Test
    void statusOfARunningPod() {
        String expected = ""
                + "state=running\n"
                + "created=2016-01-25 16:43:00 +0000 UTC\n"
                + "started=2016-01-25 16:44:19 +0000 UTC\n"
                + "networks=default:ip4=172.16.28.7\n"
                + "pid=16964\n"
                + "exited=false\n";
        assertEquals(expected, PodStatusText.format(Pods.running(), ZoneOffset.UTC));
    }

    @Test
    void statusOfAPreparedPodStopsAfterTheTimes() {
        assertEquals("state=prepared\ncreated=2016-01-25 16:43:00 +0000 UTC\n",
                PodStatusText.format(Pods.prepared(), ZoneOffset.UTC));
    }

    @Test
    void statusListsEveryAppWithAnExitCodeInManifestOrder() {
        Instant t = Instant.parse("2016-01-26T14:23:34.631Z");
        PodInfo p = new PodInfo(UUID.randomUUID(), PodState.EXITED_GARBAGE,
                List.of(new AppInfo("redis", "redis", "sha512-1", "exited", 0, t, t, t),
                        new AppInfo("etcd", "etcd", "sha512-2", "exited", 0, t, t, t),
                        new AppInfo("lost", "lost", "sha512-3", "unknown", null, t, null, null)),
                List.of(), t, Instant.parse("2016-01-26T14:23:34.744Z"), t, 0, "fly 0.1.0 1");
        String expected = ""
                + "state=exited garbage\n"
                + "created=2016-01-26 14:23:34.631 +0000 UTC\n"
                + "started=2016-01-26 14:23:34.744 +0000 UTC\n"
                + "exited=true\n"
                + "app-redis=0\n"
                + "app-etcd=0\n";
        assertEquals(expected, PodStatusText.format(p, ZoneOffset.UTC));
    }

    @Test
    void podJsonInRktsApiV1Shape() {
        String expected = "{\"name\":\"5bc080ca-9e03-480d-b705-5928af396cc5\",\"state\":\"running\","
                + "\"networks\":[{\"netName\":\"default\",\"netConf\":\"net/99-default.conf\","
                + "\"pluginPath\":\"stage1/rootfs/usr/lib/rkt/plugins/net/ptp\",\"ifName\":\"eth0\",\"ip\":\"172.16.28.7\","
                + "\"args\":\"\",\"mask\":\"255.255.255.0\"}],"
                + "\"app_names\":[\"redis\",\"etcd\"],"
                + "\"apps\":[{\"name\":\"redis\",\"state\":\"running\",\"created_at\":1453740180000000000,"
                + "\"started_at\":1453740259000000000,\"image_id\":\"" + Pods.REDIS_ID + "\"},"
                + "{\"name\":\"etcd\",\"state\":\"running\",\"created_at\":1453740180000000000,"
                + "\"started_at\":1453740259000000000,\"image_id\":\"" + Pods.ETCD_ID + "\"}],"
                + "\"created_at\":1453740180,\"started_at\":1453740259}";
        assertEquals(expected, PodJson.one(Pods.running(), false));
    }

    @Test
    void exitedAppsCarryTheirExitCodeAndFinishTime() {
        String json = PodJson.one(Pods.exited(), false);
        String app = "{\"name\":\"nginx\",\"state\":\"exited\",\"created_at\":1453739760000000000,"
                + "\"started_at\":1453740180000000000,\"finished_at\":1453740240500000000,\"exit_code\":2,"
                + "\"image_id\":\"" + Pods.NGINX_ID + "\"}";
        assertEquals("{\"name\":\"3089337c-4821-419b-9ea0-879a7c694de4\",\"state\":\"exited\",\"app_names\":[\"nginx\"],"
                + "\"apps\":[" + app + "],\"created_at\":1453739760,\"started_at\":1453740180}", json);
    }

    @Test
    void prettyJsonIsIndentedWithTabsAsGoDoes() {
        String expected = "[\n"
                + "\t{\n"
                + "\t\t\"name\": \"66ceb509-1111-4222-8333-444455556666\",\n"
                + "\t\t\"state\": \"prepared\",\n"
                + "\t\t\"created_at\": 1453740180\n"
                + "\t}\n"
                + "]";
        assertEquals(expected, PodJson.list(List.of(Pods.prepared()), true));
        assertEquals("[]", PodJson.list(List.of(), true));
        assertEquals("[]", PodJson.list(List.of(), false));
    }
}
