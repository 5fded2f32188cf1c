// name: analyst/08-what-caused-what
// description: Question 8: what caused what? Every causal or sequential link between events, read cause first:
//   CAUSED and LED_TO point from cause to effect, IN_RESPONSE_TO from the response to what it answers (so the
//   answered event is the cause); PART_OF (an agreement reached within a call) is left out. With the quotes
//   that say so. Returns the link as a path too, so Browser draws the chains.
// mode: read
// returns: one row per link, by the cause's date: cause date and title, how it is linked, effect date and title,
//   the quotes, and the link as a path
MATCH link = (a:Event)-[r:CAUSED|LED_TO|IN_RESPONSE_TO]->(b:Event)
WITH link, r,
     CASE type(r) WHEN 'IN_RESPONSE_TO' THEN b ELSE a END AS causeNode,
     CASE type(r) WHEN 'IN_RESPONSE_TO' THEN a ELSE b END AS effectNode
RETURN causeNode.date AS causeDate,
       causeNode.title AS cause,
       CASE type(r) WHEN 'IN_RESPONSE_TO' THEN 'answered by' WHEN 'CAUSED' THEN 'caused' ELSE 'led to' END AS how,
       effectNode.date AS effectDate,
       effectNode.title AS effect,
       coalesce(r.quotes, []) AS quotes,
       link
ORDER BY causeNode.dateLower IS NOT NULL, causeNode.dateLower, causeNode.dateUpper IS NULL, causeNode.dateUpper,
         causeNode.id, effectNode.id
