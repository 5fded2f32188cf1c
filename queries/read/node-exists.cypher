// name: read/node-exists
// description: Whether an event, entity or tenure has this id (each found through its uniqueness constraint).
// mode: read
// param: id | "pelosi-taiwan-visit" | node id
// returns: one row, exists = true or false
RETURN EXISTS { MATCH (:Event {id: $id}) } OR EXISTS { MATCH (:Entity {id: $id}) }
       OR EXISTS { MATCH (:Tenure {id: $id}) } AS exists
