// The zip's own directory (zipDirectory.ts) and jszip's load read a package's bytes through jszip's
// readers, made there without the pass over every byte jszip's constructor makes: the entries and
// the data read must be the same whatever the bytes come in (a Buffer, a Uint8Array, an ArrayBuffer).
import JSZip from "jszip";
import { zipDirectory } from "../../src/share/xlsx/zipDirectory";

async function packageBytes(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", "<Types/>");
  zip.file("xl/worksheets/sheet1.xml", `<worksheet>${"<row/>".repeat(5000)}</worksheet>`, { compression: "DEFLATE" });
  zip.file("xl/media/image1.png", Buffer.from([0, 255, 128, 7, 200]), { compression: "STORE" });
  return zip.generateAsync({ type: "nodebuffer" });
}

describe("a package's bytes read by jszip's readers", () => {
  it("give the same entries and data as a Buffer, a Uint8Array or an ArrayBuffer", async () => {
    const bytes = await packageBytes();
    const copy = new Uint8Array(bytes);
    const inputs: (Buffer | Uint8Array | ArrayBuffer)[] = [bytes, copy, copy.buffer.slice(0)];
    const read = [];
    for (const input of inputs) {
      const zip = await JSZip.loadAsync(input);
      const names = Object.values(zip.files)
        .filter((f) => !f.dir)
        .map((f) => f.name)
        .sort();
      const data = await Promise.all(names.map((n) => zip.file(n)!.async("nodebuffer")));
      const directory =
        input instanceof ArrayBuffer
          ? []
          : zipDirectory(input).map((e) => [e.name, e.stated, e.method, Buffer.from(e.data).toString("hex")]);
      read.push({ names, data: data.map((d) => d.toString("hex")), directory });
    }
    expect(read[0].names).toEqual(["[Content_Types].xml", "xl/media/image1.png", "xl/worksheets/sheet1.xml"]);
    expect(read[0].data[1]).toBe("00ff8007c8");
    expect(read[0].directory).toHaveLength(3);
    expect(read[1]).toEqual(read[0]);
    expect(read[2]).toEqual({ ...read[0], directory: [] });
    // The input is left as it was.
    expect(Buffer.compare(bytes, Buffer.from(copy))).toBe(0);
  });
});
