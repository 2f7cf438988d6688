import { startVirtuoso } from './virtuoso';
import { loadDataset } from '../../src/ingest/load';
import { loadNamedQueries } from '../../src/api/namedQueries';
import { StoreClient } from '../../src/remote/storeClient';
import { publishToStore, versionPayload } from '../../src/remote/publishToStore';
import { loadFromStore } from '../../src/remote/storeDataset';
import { isomorphic } from 'rdf-isomorphic';
import { DataFactory } from 'n3';
(async () => {
  const v = await startVirtuoso();
  const base = 'http://localhost:3000/';
  const r = await loadDataset({ paths: ['ontology', 'data'], baseIri: base, queries: 'queries' });
  if (!r.ok) throw new Error('bad');
  const client = new StoreClient({ queryUrl: v.sparqlUrl, gspUrl: v.gspUrl });
  const q = await loadNamedQueries('queries', base);
  let t = Date.now();
  console.log(await publishToStore(client, r.dataset, versionPayload(r.dataset, q.files), { log: () => {} }), Date.now() - t);
  t = Date.now();
  const back = await loadFromStore(client, { baseIri: base });
  console.log('load', Date.now() - t, back.ok, back.problems);
  if (!back.ok) return;
  const a = r.dataset, b = back.dataset;
  console.log(a.size, b.size);
  for (const g of [undefined, ...a.graphNames()]) {
    const gt = g ? DataFactory.namedNode(g) : DataFactory.defaultGraph();
    const qa = a.match(null, null, null, gt).map((x) => DataFactory.quad(x.subject, x.predicate, x.object));
    const qb = b.match(null, null, null, gt).map((x) => DataFactory.quad(x.subject, x.predicate, x.object));
    if (!isomorphic(qa, qb)) {
      const ka = new Set(qa.filter(x=>x.subject.termType!=='BlankNode' && x.object.termType!=='BlankNode').map((x) => `${x.subject.value} ${x.predicate.value} ${JSON.stringify(x.object)}`));
      const kb = new Set(qb.filter(x=>x.subject.termType!=='BlankNode' && x.object.termType!=='BlankNode').map((x) => `${x.subject.value} ${x.predicate.value} ${JSON.stringify(x.object)}`));
      const sig=(xs:any[])=>new Set(xs.filter(x=>x.subject.termType==='BlankNode'||x.object.termType==='BlankNode').map((x:any)=>`${x.subject.termType==='BlankNode'?'_':x.subject.value} ${x.predicate.value} ${x.object.termType==='BlankNode'?'_':JSON.stringify(x.object)}`)); const sa=sig(qa), sb=sig(qb); console.log('BN', qa.length, qb.length, [...sa].filter(k=>!sb.has(k)).slice(0,5), [...sb].filter(k=>!sa.has(k)).slice(0,5));
      const nb=(xs:any[])=>new Set(xs.flatMap((x:any)=>[x.subject,x.object]).filter((t:any)=>t.termType==='BlankNode').map((t:any)=>t.value)).size; console.log('nbnodes', nb(qa), nb(qb)); const deg=(xs:any[])=>{const m=new Map<string,number>(); for(const x of xs){ if(x.subject.termType==='BlankNode') m.set(x.subject.value,(m.get(x.subject.value)??0)+1);} return [...m.values()].sort().join(',').slice(0,300)}; console.log(deg(qa)===deg(qb));
      const bsig=(xs:any[])=>{const m=new Map<string,string[]>(); const add=(b:string,v:string)=>{if(!m.has(b))m.set(b,[]);m.get(b)!.push(v)}; for(const x of xs){ if(x.subject.termType==='BlankNode') add(x.subject.value, `out ${x.predicate.value} ${x.object.termType==='BlankNode'?'_':x.object.value+'|'+(x.object.language||'')+'|'+(x.object.datatype?.value||'')}`); if(x.object.termType==='BlankNode') add(x.object.value, `in ${x.predicate.value} ${x.subject.termType==='BlankNode'?'_':x.subject.value}`);} return [...m.values()].map(v=>v.sort().join(' ; ')).sort()}; const ba=bsig(qa), bb=bsig(qb); const sbb=new Set(bb); console.log('bsig', ba.filter(k=>!sbb.has(k)).slice(0,2), bb.filter(k=>!new Set(ba).has(k)).slice(0,2));
      console.log('DIFF in', g, [...ka].filter((k) => !kb.has(k)).slice(0, 3), [...kb].filter((k) => !ka.has(k)).slice(0, 3));
    }
  }
  const count = await client.select('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
  console.log(JSON.stringify(count));
  await v.stop();
})().catch((e) => { console.error(e); process.exit(1); });
