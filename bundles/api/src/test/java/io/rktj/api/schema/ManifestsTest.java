package io.rktj.api.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ManifestsTest {

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static final String GOOD = "{'acKind':'ImageManifest','acVersion':'0.8.11','name':'example.com/app',"
            + "'labels':[{'name':'version','value':'1.0'},{'name':'os','value':'linux'}],"
            + "'app':{'exec':['/bin/sh','-c','true'],'user':'0','group':'0','supplementaryGids':[10,20],"
            + "'environment':[{'name':'FOO','value':'bar'}],'mountPoints':[{'name':'data','path':'/data'}],"
            + "'ports':[{'name':'http','protocol':'tcp','port':80}]}}";

    @Test
    void readsAnImageManifestAndAcceptsBothSpellingsOfSupplementaryGids() {
        ImageManifest m = Manifests.readImageManifest(json(GOOD));
        assertEquals("example.com/app", m.name());
        assertEquals("1.0", m.label("version").orElseThrow());
        assertEquals(List.of(10, 20), m.app().supplementaryGIDs());
        assertEquals("/data", m.app().mountPoints().get(0).path());
    }

    @Test
    void writesWhatItReads() {
        ImageManifest m = Manifests.readImageManifest(json(GOOD));
        ImageManifest again = Manifests.readImageManifest(Manifests.write(m));
        assertEquals(m, again);
        assertTrue(new String(Manifests.write(m), StandardCharsets.UTF_8).contains("\"supplementaryGIDs\""));
    }

    @Test
    void errorsNameTheBadField() {
        assertMessage("acKind", GOOD.replace("'ImageManifest'", "'PodManifest'"));
        assertMessage("name: invalid ACIdentifier", GOOD.replace("example.com/app", "Example.com/App"));
        assertMessage("acVersion", GOOD.replace("0.8.11", "eleven"));
        assertMessage("app.exec", GOOD.replace("'/bin/sh','-c'", "'sh','-c'"));
        assertMessage("app.user: required", GOOD.replace("'user':'0',", ""));
        assertMessage("app.mountPoints.name", GOOD.replace("'name':'data'", "'name':'Data_1'"));
        assertMessage("labels: duplicate", GOOD.replace("'name':'os'", "'name':'version'"));
        assertMessage("invalid JSON", "{'acKind':");
        assertMessage("not a JSON object", "[1,2]");
    }

    @Test
    void unknownIsolatorIsAnError() {
        String withIsolator = GOOD.replace("'ports':", "'isolators':[{'name':'resource/frobnicate','value':{}}],'ports':");
        assertMessage("unknown isolator \\\"resource/frobnicate\\\"".replace("\\\"", "\""), withIsolator);
    }

    @Test
    void podManifestRequiresResolvedImagesAndValidVolumes() {
        String pod = "{'acKind':'PodManifest','acVersion':'0.8.11','apps':[{'name':'a','image':{'name':'x','id':'sha512-00'}}],"
                + "'volumes':[{'name':'v','kind':'host','source':'/tmp'}]}";
        PodManifest m = Manifests.readPodManifest(json(pod));
        assertTrue(m.volume("v").orElseThrow().isRecursive());
        assertThrows(SchemaException.class, () -> Manifests.readPodManifest(json(pod.replace(",'id':'sha512-00'", ""))));
        SchemaException e = assertThrows(SchemaException.class,
                () -> Manifests.readPodManifest(json(pod.replace("'kind':'host'", "'kind':'nfs'"))));
        assertTrue(e.getMessage().startsWith("volumes.v.kind"), e.getMessage());
        e = assertThrows(SchemaException.class,
                () -> Manifests.readPodManifest(json(pod.replace("'apps':[", "'apps':[{'name':'a','image':{'id':'sha512-1'}},"))));
        assertTrue(e.getMessage().contains("duplicate app name"), e.getMessage());
    }

    @Test
    void aPodManifestWithEveryFieldSurvivesWriteAndRead() {
        String pod = "{'acVersion':'0.8.11','acKind':'PodManifest','apps':[{'name':'a',"
                + "'image':{'name':'example.com/app','id':'sha512-00','labels':[{'name':'version','value':'1'}]},"
                + "'app':{'exec':['/bin/sh'],'user':'0','group':'0','supplementaryGIDs':[5],'workingDirectory':'/w',"
                + "'eventHandlers':[{'name':'pre-start','exec':['/bin/true']}],'environment':[{'name':'A','value':'b'}],"
                + "'mountPoints':[{'name':'data','path':'/data','readOnly':true}],"
                + "'ports':[{'name':'http','protocol':'tcp','port':80,'count':1,'socketActivated':false}],"
                + "'isolators':[{'name':'resource/memory','value':{'limit':'1G'}}]},"
                + "'readOnlyRootFS':true,'mounts':[{'volume':'data','path':'/data',"
                + "'appVolume':{'name':'data','kind':'empty','mode':'0755','uid':0,'gid':0}}],"
                + "'annotations':[{'name':'k','value':'v'}]}],"
                + "'volumes':[{'name':'v','kind':'host','source':'/tmp','readOnly':false,'recursive':false}],"
                + "'isolators':[{'name':'os/linux/no-new-privileges','value':true}],"
                + "'annotations':[{'name':'coreos.com/rkt/stage1/mutable','value':'false'}],"
                + "'ports':[{'name':'http','hostPort':8080,'hostIP':'127.0.0.1','podPort':80}],"
                + "'userAnnotations':{'a':'1'},'userLabels':{'b':'2'}}";
        PodManifest m = Manifests.readPodManifest(json(pod));
        assertEquals(m, Manifests.readPodManifest(Manifests.write(m)));
        assertEquals("1G", m.apps().get(0).app().isolators().get(0).value().get("limit").asText());
        assertEquals(Boolean.FALSE, m.volume("v").orElseThrow().recursive());
        assertEquals("0755", m.apps().get(0).mounts().get(0).appVolume().mode());
        assertEquals(8080, m.ports().get(0).hostPort());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        assertMessage("app.exec: must be an array", GOOD.replace("['/bin/sh','-c','true']", "'/bin/sh'"));
        assertMessage("app.ports.port: must be an integer", GOOD.replace("'port':80", "'port':'eighty'"));
        assertMessage("app: must be an object", GOOD.replace("'app':{", "'app':[{").replace("}]}}", "}]}]}"));
    }

    @Test
    void namesFollowTheSpec() {
        assertTrue(ACName.isValid("my-app-2"));
        assertTrue(!ACName.isValid("my--app") && !ACName.isValid("-a") && !ACName.isValid("a.b"));
        assertTrue(ACIdentifier.isValid("example.com/my_app~1"));
        assertTrue(!ACIdentifier.isValid("example.com//app"));
        assertEquals("busybox", ACName.sanitize("rktj.io/BusyBox".substring("rktj.io/".length())));
        assertEquals("a-b", ACName.sanitize("--a__b--"));
    }

    private static void assertMessage(String expected, String manifest) {
        SchemaException e = assertThrows(SchemaException.class, () -> Manifests.readImageManifest(json(manifest)));
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
    }
}
