// Entry of a read-replica worker process (forked by cluster-primary with `processes` > 1).
import { runReplica } from './cluster-replica';

runReplica();
