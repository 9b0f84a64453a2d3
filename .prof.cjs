const ExcelJS=require("/work/wt/issue-14/node_modules/exceljs");const fs=require("fs");
const {patchWorkbook}=require("/work/wt/issue-14/dist/cli/share/xlsx/patchPackage.js");
const {convertWorkbook}=require("/work/wt/issue-14/dist/cli/share/xlsx/convertWorkbook.js");
(async()=>{const buf=fs.readFileSync(process.argv[2]);let t=Date.now();
const r=await patchWorkbook(ExcelJS,"x",buf,(wb)=>convertWorkbook(wb),(s)=>{console.log(s,(Date.now()-t)/1000, process.memoryUsage().rss/1e6|0);});
console.log("done",(Date.now()-t)/1000, process.memoryUsage().rss/1e6|0)})()
