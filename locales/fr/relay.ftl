# Le relais : ce que les opérateurs voient dans les sujets, et ce que les utilisateurs voient du relais lui-même.

relay-yes = oui
relay-no = non
relay-info-unknown = —
relay-info-card =
    <b>{ $name }</b>
    Nom d'utilisateur : { $username }
    ID utilisateur : <code>{ $id }</code>
    Langue : { $language }
    Premium : { $premium }
    Premier contact : { $first_contact }
    Paramètre de démarrage : { $start_param }
    Messages : { $from_user } de l'utilisateur, { $from_operators } des opérateurs
relay-start-param = L'utilisateur a lancé la conversation avec le paramètre <code>{ $param }</code>.
relay-unknown-command = Commande inconnue : elle n'a donc pas été envoyée à l'utilisateur. /help liste les commandes ; pour laisser un commentaire interne, commencez le message par une barre oblique suivie d'une espace.
relay-refused-banned = Cet utilisateur est banni : le message n'a donc pas été envoyé. Utilisez /unban pour pouvoir lui écrire à nouveau.
relay-refused-keyword = Non envoyé : le message contient un mot bloqué par RESTRICTED_KEYWORDS_BACKEND.
relay-info-sent-privately = Le bot de configuration vous a envoyé la fiche en privé.
relay-info-not-allowed = Seules les personnes listées dans EXTENSIONS_ALLOWED peuvent voir qui est cet utilisateur.
relay-ban-needs-right = Pour utiliser /ban et /unban, il vous faut le droit d'administrateur « Bannir des utilisateurs » dans le groupe.
relay-banned = Banni : les messages de cet utilisateur ne sont plus relayés. /unban annule le bannissement.
relay-unbanned = Débanni : les messages de cet utilisateur sont de nouveau relayés.
relay-help =
    <b>Commandes dans le sujet d'un utilisateur</b>
    /info — qui est l'utilisateur
    /close — fermer la conversation (⬛)
    /wait — la marquer « le support a répondu » (🟨)
    /hold — la marquer comme en attente du support (🟪)
    /ban — ne plus relayer cet utilisateur ; /unban — reprendre
    /mark NAME — mettre une étiquette sur cette conversation ; /mark del NAME — l'enlever
    <code>/ text</code> — un commentaire interne, jamais envoyé
    Tout autre message est envoyé à l'utilisateur ; si vous répondez ici à un message, il le reçoit aussi comme une réponse.
relay-intercepted = ↪ Envoyé à l'utilisateur depuis une autre session de { $name } :
relay-user-blocked = Non remis : l'utilisateur a bloqué { $name } ou supprimé son compte.
relay-not-delivered = Non remis à l'utilisateur : { $reason }
relay-unsupported-content = Ce message n'a pas pu être copié (la discussion interdit la copie, ou Telegram n'autorise pas ce type de message ici). Demandez à l'utilisateur de l'envoyer autrement.
relay-user-delivery-failed = Nous sommes désolés, votre message n'a pas pu être transmis à l'équipe de support. Veuillez l'envoyer sous forme de texte ou dans un autre type de fichier.
relay-link-done = ✅ Ce groupe est désormais le backend de { $name } : chaque discussion privée apparaîtra ici sous forme de sujet.
relay-link-not-admin = Seul l'administrateur qui a configuré { $name } dans le bot de configuration peut le lier à un groupe.
relay-link-not-forum = Les sujets sont désactivés dans ce groupe. Ouvrez les paramètres du groupe, activez <b>Sujets</b>, puis renvoyez le lien.
relay-link-missing-rights = { $name } a besoin ici de ces droits d'administrateur : { $rights }. Accordez-les dans les paramètres des administrateurs du groupe, puis renvoyez le lien.
relay-right-manage-topics = Gérer les sujets
relay-right-delete-messages = Supprimer des messages
relay-right-pin-messages = Épingler des messages
relay-right-ban-users = Bannir des utilisateurs
relay-join-new-group = Votre nouveau groupe de support est prêt, mais les paramètres de confidentialité de Telegram n'ont pas permis au compte de vous ajouter. Rejoignez-le avec ce lien : { $link }, puis nommez-vous administrateur depuis le compte.
relay-updates-lost-since = ⚠️ Le relais est resté hors ligne trop longtemps pour que Telegram renvoie tout : des messages envoyés à { $name } depuis le { $since } peuvent manquer ici. Vérifiez ses discussions dans Telegram pour ce qui serait resté sans réponse.
relay-updates-lost = ⚠️ Le relais est resté hors ligne trop longtemps pour que Telegram renvoie tout : certains messages envoyés à { $name } pendant ce temps peuvent manquer ici. Vérifiez ses discussions dans Telegram pour ce qui serait resté sans réponse.
relay-new-group-not-promoted = Votre nouveau groupe de support est prêt et vous en faites partie, mais Telegram n'a pas permis au compte de vous nommer administrateur ({ $reason }). Nommez-vous administrateur depuis le compte : ouvrez-y le groupe, puis Administrateurs.
relay-new-group-admin-failed = Votre nouveau groupe de support est prêt, mais le compte n'a pas pu vous ajouter ({ $reason }). Ouvrez le groupe dans l'application Telegram du compte, ajoutez-vous, puis nommez-vous administrateur.
