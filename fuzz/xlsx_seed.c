/* xlsx_seed.c — writes seed workbooks for fuzz_xlsx into the directory given as argv[1]:
 * stored.xlsx (hand-made parts stored without compression, so mutations reach the XML:
 * shared and rich strings with a phonetic run, inline and formula strings, booleans, errors,
 * exponent numbers, _xHHHH_ escapes, skipped cells) and lxw.xlsx (libxlsxwriter's default
 * output: deflated, shared strings). Run by `make fuzz-build` (mk/io.mk). */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG  "http://schemas.openxmlformats.org/package/2006/relationships"

static int add(zipFile z, const char *name, const char *text)
{
    if (zipOpenNewFileInZip(z, name, NULL, NULL, 0, NULL, 0, NULL, 0, 0) != ZIP_OK) return -1;
    if (zipWriteInFileInZip(z, text, (unsigned)strlen(text)) != ZIP_OK) return -1;
    return zipCloseFileInZip(z) == ZIP_OK ? 0 : -1;
}

static int stored(const char *path)
{
    zipFile z = zipOpen(path, APPEND_STATUS_CREATE);
    if (!z) return -1;
    int rc = 0;
    rc |= add(z, "_rels/.rels",
              "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
              "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    rc |= add(z, "xl/workbook.xml",
              "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets><sheet name=\"s\" "
              "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    rc |= add(z, "xl/_rels/workbook.xml.rels",
              "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
              "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
              "Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
    rc |= add(z, "xl/sharedStrings.xml",
              "<sst xmlns=\"" NS_MAIN "\"><si><t>名称</t></si><si><t>金额</t></si><si><r><t>富"
              "</t></r><r><t xml:space=\"preserve\">文本 </t></r><rPh><t>x</t></rPh></si>"
              "<si><t>a_x000D_b</t></si></sst>");
    rc |= add(z, "xl/worksheets/sheet1.xml",
              "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
              "<c t=\"inlineStr\"><is><t>备注</t></is></c></row>"
              "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>1.2E+6</v></c>"
              "<c r=\"C2\" t=\"b\"><v>1</v></c></row>"
              "<row r=\"4\"><c r=\"B4\" t=\"str\"><f>A1</f><v>x</v></c><c r=\"C4\" t=\"s\">"
              "<v>3</v></c></row>"
              "<row><c t=\"e\"><v>#N/A</v></c></row></sheetData></worksheet>");
    return zipClose(z, NULL) == ZIP_OK && rc == 0 ? 0 : -1;
}

static int lxw(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    worksheet_write_string(ws, 0, 0, "名称", NULL);
    worksheet_write_string(ws, 0, 1, "数量", NULL);
    worksheet_write_string(ws, 1, 0, "成果", NULL);
    worksheet_write_number(ws, 1, 1, 1e20, NULL);
    worksheet_write_string(ws, 2, 1, "名称", NULL);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/stored.xlsx", argv[1]);
    snprintf(b, sizeof b, "%s/lxw.xlsx", argv[1]);
    if (stored(a) || lxw(b)) {
        fprintf(stderr, "xlsx_seed: cannot write seeds in %s\n", argv[1]);
        return 1;
    }
    return 0;
}
