# Le bot de configuration : ce que lisent les administrateurs.

setup-event-linked = ✅ { $name } est connecté à son groupe. Envoyez-lui un message pour tester : un sujet à votre nom apparaîtra dans le groupe.
setup-event-needs-login = ⚠️ Telegram a déconnecté { $name } ({ $reason }). Plus rien ne sera relayé avant votre reconnexion.
setup-event-failed = ❌ { $name } s'est arrêté : { $reason }. Redémarrez-le une fois le problème résolu.
setup-event-link-refused-not-forum = Les sujets sont désactivés dans le groupe que vous avez choisi pour { $name }. Activez <b>Sujets</b> dans les paramètres du groupe, puis renvoyez le lien.
setup-event-link-refused-missing-rights = Il manque à { $name } des droits d'administrateur dans le groupe que vous avez choisi. Accordez-lui les droits indiqués dans le groupe, puis renvoyez le lien.
setup-event-link-refused-other = Impossible de lier { $name } à ce groupe. Ouvrez la connexion et réessayez.
setup-button-open = Ouvrir { $name }
setup-button-relogin = Se reconnecter
setup-button-start = Démarrer

# Commandes du menu (setMyCommands).
setup-command-start = Vos connexions, ou en créer une
setup-command-language = Changer la langue de ce bot
setup-command-cancel = Arrêter l'action en cours
setup-command-help = Ce que fait ce bot

# Démarrage et liste des connexions.
setup-welcome =
    👋 <b>Switchboard</b> transforme les discussions privées d'un bot ou d'un compte Telegram en sujets d'un groupe de support, où votre équipe répond.

    Connectez un bot ou un compte pour commencer.
setup-help =
    <b>Switchboard</b> relaie les discussions privées d'un bot ou d'un compte vers un groupe de support avec sujets : un sujet par utilisateur, et votre équipe y répond.

    /start — vos connexions, ou en créer une
    /language — la langue de ce bot
    /cancel — arrêter l'action en cours

    Dans le sujet d'un utilisateur, les opérateurs peuvent utiliser /info, /close, /wait, /hold, /ban, /unban et /help.
setup-connections = <b>Vos connexions</b>
    Appuyez sur l'une d'elles pour voir son état et la modifier.
setup-connections-empty = Vous n'avez encore aucune connexion.
setup-button-new = ➕ Nouvelle connexion
setup-button-connections = ⬅️ Connexions
setup-button-back = ⬅️ Retour
setup-button-cancel = ✖️ Annuler
setup-cancelled = Annulé. Rien n'a été modifié.
setup-not-found = Cette connexion n'existe pas, ou elle ne vous appartient pas.
setup-outdated = Ce bouton appartient à une étape précédente. Utilisez le message le plus récent, ou /start.
setup-error = Un problème est survenu de mon côté, et rien n'a été modifié. Veuillez réessayer dans un instant.

# Étape 1.
setup-choose-kind =
    <b>Nouvelle connexion — étape 1 sur 3</b>
    Que voulez-vous connecter ?

    <b>Un bot</b> créé avec @BotFather : les utilisateurs écrivent au bot. Son propre code continue de fonctionner à côté de Switchboard.
    <b>Un compte</b> : les utilisateurs écrivent à un compte Telegram, par exemple le numéro de votre boutique.
setup-button-bot = 🤖 Connecter un bot
setup-button-account = 👤 Connecter un compte

# Étape 2, bot.
setup-ask-token =
    <b>Étape 2 sur 3 — le token du bot</b>
    Dans @BotFather, choisissez votre bot, puis <b>API Token</b>, et envoyez-moi le token. Je supprime votre message dès que je l'ai lu.
setup-ask-token-relogin =
    <b>Reconnecter { $name }</b>
    Dans @BotFather, choisissez le bot, puis <b>API Token</b>, et envoyez-moi son token actuel. Je supprime votre message dès que je l'ai lu.

# Étape 2, compte.
setup-choose-method =
    <b>Étape 2 sur 3 — se connecter au compte</b>
    <b>Code QR</b> : scannez-le avec un téléphone sur lequel le compte est connecté.
    <b>Numéro de téléphone</b> : Telegram envoie un code de connexion au compte.
setup-button-qr = 📷 Code QR
setup-button-phone = 📱 Numéro de téléphone
setup-ask-phone = Envoyez le numéro de téléphone du compte au format international, par exemple <code>+39 333 123 4567</code>, ou appuyez sur <b>Partager mon numéro</b> s'il s'agit du compte que vous utilisez en ce moment.
setup-button-share-phone = 📱 Partager mon numéro
setup-phone-sending = Demande d'un code de connexion à Telegram…
setup-code =
    <b>Étape 2 sur 3 — le code de connexion</b>
    { $via }
    Saisissez-le avec les boutons ci-dessous. Telegram invalide un code envoyé comme simple message ; si vous le tapez, mettez des espaces entre les chiffres, par exemple <code>1 2 3 4 5</code>.

    Code : <code>{ $code }</code>
setup-code-via-app = Telegram a envoyé un code dans l'application Telegram où le { $phone } est connecté.
setup-code-via-sms = Telegram a envoyé un code par SMS au { $phone }.
setup-code-via-call = Telegram appelle le { $phone } pour vous communiquer un code.
setup-code-via-missed-call = Telegram appelle le { $phone } : le code correspond aux derniers chiffres du numéro appelant.
setup-code-via-email = Telegram a envoyé un code à l'adresse e-mail { $email }.
setup-code-via-fragment = Telegram a envoyé un code pour le { $phone } sur fragment.com.
setup-code-via-other = Telegram a envoyé un code pour le { $phone }.
setup-button-resend = 🔁 Renvoyer le code
setup-code-resent = Un nouveau code est en route.
setup-code-checking = Vérification du code…
setup-ask-password = Ce compte est protégé par un mot de passe de validation en deux étapes. Envoyez-le dans un message : je supprime le message aussitôt et je n'enregistre jamais le mot de passe.
setup-password-hint = Indice : { $hint }
setup-qr =
    <b>Étape 2 sur 3 — scanner le code QR</b>
    Sur un téléphone où le compte est connecté, ouvrez <b>Paramètres → Appareils → Connecter un appareil de bureau</b> et scannez ce code. Il se renouvelle de lui-même avant d'expirer.
setup-qr-scanned = ✅ Scanné — connexion en cours…
setup-button-new-qr = 🔄 Nouveau code QR
setup-login-lost = Cette procédure de connexion a été interrompue (j'ai redémarré, ou l'attente a été trop longue). Veuillez recommencer.

# Après la connexion au compte.
setup-signed-in = ✅ Session ouverte en tant que <b>{ $name }</b>.
setup-already-yours = { $name } fait déjà partie de vos connexions : rien de nouveau n'a été ajouté.
setup-already-other = { $name } a déjà été connecté par quelqu'un d'autre. Cette personne peut supprimer sa connexion ; d'ici là, { $name } ne peut pas être connecté ici.
setup-relogin-different = Vous avez ouvert une session en tant que { $name }, mais cette connexion appartient à un autre compte. Connectez-vous avec le même compte, ou créez une nouvelle connexion.
setup-relogged = ✅ { $name } est de nouveau connecté et relaie les messages.

# Étape 3.
setup-group-bot =
    <b>Étape 3 sur 3 — le groupe de support</b>
    Appuyez sur <b>Ajouter au groupe</b> et choisissez un groupe pour votre équipe, ou créez-en un. Dans ce groupe :
    • activez <b>Sujets</b> dans les paramètres du groupe ;
    • conservez les droits d'administrateur demandés par le lien (gérer les sujets, supprimer et épingler des messages, bannir et inviter des utilisateurs).
    Je vous préviens ici dès que { $name } est lié.

    Si le bouton ne fonctionne pas, ajoutez vous-même { $name } au groupe en tant qu'administrateur et envoyez-y <code>/start { $code }</code>.
setup-button-add-to-group = ➕ Ajouter au groupe
setup-group-account =
    <b>Étape 3 sur 3 — le groupe de support</b>
    { $name } peut créer pour vous un nouveau groupe avec sujets et vous en nommer administrateur, ou utiliser un groupe que vous avez déjà.
setup-button-create-group = ✨ Créer un nouveau groupe
setup-button-use-group = 👥 Utiliser un groupe existant
setup-group-existing =
    Dans votre groupe :
    • activez <b>Sujets</b> dans les paramètres du groupe ;
    • ajoutez { $name } comme administrateur avec les droits de gérer les sujets, de supprimer et d'épingler des messages, de bannir et d'inviter des utilisateurs ;
    • envoyez ce code dans le groupe : <code>{ $code }</code>
    Je vous préviens ici dès que le groupe est lié.
setup-group-creating = { $name } crée le groupe <b>{ $title }</b> et vous en nommera administrateur. Je vous préviens ici quand il sera prêt.
setup-group-default-title = { $name } — support
setup-change-group-note = Le groupe actuel continue de fonctionner jusqu'à ce que le nouveau soit lié.

# La fiche de la connexion.
setup-card =
    <b>{ $name }</b> { $username }
    Type : { $kind }
    État : { $status }
    Groupe : { $group }
    Connecté le { $created }
setup-kind-bot = bot
setup-kind-account = compte
setup-status-linking = 🔗 en attente de son groupe
setup-status-active = ✅ relais actif
setup-status-stopped = ⏸ arrêté
setup-status-needs-login = ⚠️ déconnecté par Telegram ({ $reason }) ; reconnectez-vous
setup-status-failed = ❌ arrêté par une erreur : { $reason }
setup-group-none = pas encore lié
setup-group-linked = lié (id <code>{ $id }</code>)
setup-group-being-created = en cours de création : { $title }
setup-button-parameters = ⚙️ Paramètres
setup-button-stop = ⏸ Arrêter
setup-button-change-group = 🔁 Changer de groupe
setup-button-delete = 🗑 Supprimer
setup-stopped = { $name } est arrêté : rien n'est relayé tant que vous ne le redémarrez pas.
setup-started = { $name } est en marche.
setup-not-now = Impossible tant que { $name } est dans cet état : { $status }.
setup-delete-confirm = Supprimer <b>{ $name }</b> ? Sa session sera fermée et ses paramètres supprimés. L'historique des conversations reste dans le groupe.
setup-button-confirm-delete = 🗑 Oui, supprimer
setup-deleted = { $name } est supprimé et sa session est fermée. Son historique reste dans le groupe.

# Paramètres.
setup-params =
    <b>Paramètres de { $name }</b>
    Appuyez sur l'un d'eux pour lire ce qu'il fait et le modifier.
setup-button-default = ↩️ DEFAULT

# Langue.
setup-language = Choisissez la langue de ce bot :
setup-language-set = Désormais, je parle français.

# Indications quand la saisie ne convient pas.
setup-hint-idle = Envoyez /start pour voir vos connexions, ou /help pour savoir ce que je fais.
setup-hint-buttons = Veuillez utiliser les boutons du dernier message, ou /cancel.
setup-hint-token = J'attends un token de bot de @BotFather, par exemple <code>123456789:AAE…</code>, ou /cancel.
setup-hint-code = Saisissez le code avec les boutons, ou tapez-le avec des espaces entre les chiffres, par exemple <code>1 2 3 4 5</code>.
setup-hint-password = J'attends le mot de passe de validation en deux étapes du compte, ou /cancel.
setup-hint-qr = Scannez le code QR avec l'application Telegram, ou /cancel.
setup-hint-group = J'attends que { $name } soit lié à un groupe ; je vous préviens ici dès que c'est fait. /start affiche vos connexions.
setup-hint-text-only = Ici, je ne peux lire que du texte.
setup-card-intercept-unseen = ⚠️ <b>INTERCEPT_EXTERNAL</b> est activé, mais en une journée de trafic aucun message envoyé en dehors de Switchboard n'est revenu à ce bot. Telegram ne transmet peut-être pas au relais les messages que le bot envoie par la Bot API : ce que vous envoyez aux utilisateurs depuis un autre programme n'apparaîtra pas dans leurs sujets. Écrivez aux utilisateurs depuis les sujets ou désactivez le paramètre.

setup-button-webhook-secret = 🔑 Nouveau secret de signature
setup-webhook-secret = 🔑 Secret de signature de ces webhooks (affiché seulement maintenant ; enregistrez-le dans les réglages du récepteur, puis supprimez ce message) : <code>{ $secret }</code>
    Les récepteurs vérifient avec lui l'en-tête <code>webhook-signature</code>, comme le décrit la spécification Standard Webhooks. [🔑 Nouveau secret de signature] le remplace ; l'ancien cesse aussitôt d'être valable.
setup-event-webhook-failed = ⚠️ { $name } : un webhook a été abandonné. L'événement <code>{ $event }</code> <code>{ $id }</code> n'a pas pu être livré à { $url } : { $reason }. Les événements suivants sont toujours envoyés ; vérifiez le récepteur et WEBHOOKS.
